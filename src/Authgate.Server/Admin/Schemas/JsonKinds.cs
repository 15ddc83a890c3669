using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Admin.Schemas;

/// <summary>JSON values as JavaScript sees them: the type names z-schema reports, and numbers.</summary>
internal static class JsonKinds
{
    /// <summary><c>null</c>, <c>boolean</c>, <c>string</c>, <c>integer</c>, <c>number</c>, <c>array</c> or <c>object</c>.</summary>
    public static string Of(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsWhole(value) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>The number as a double (JavaScript's only number type); huge values become infinities.</summary>
    public static double Number(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d
        : double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d
        : double.NaN;

    private static bool IsWhole(JsonValue value)
    {
        var number = Number(value);
        return double.IsFinite(number) && Math.Floor(number) == number;
    }

    /// <summary>A number as JavaScript prints it in a message (<c>5</c>, <c>1.5</c>).</summary>
    public static string Print(double number) => number.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A value as z-schema prints it in a message: strings bare, objects and null as JSON.</summary>
    public static string Print(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => Print(Number(value)),
        JsonArray array => string.Join(',', array.Select(Print)),
        _ => node.ToJsonString(),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Admin;

/// <summary>
/// Reading and writing the JSON representations the admin layer works on. Bodies are validated by their schema
/// before these helpers read them, so a present value has the schema's type; absent and null read as the default.
/// </summary>
internal static class AdminJson
{
    /// <summary>A stored JSON object, read defensively: a row an older version wrote badly reads as what it can (see <see cref="Json.StoredJson"/>).</summary>
    public static JsonObject Object(string? json) => string.IsNullOrEmpty(json) ? [] : Json.StoredJson.ParseObject(json);

    /// <summary>A copy backed by parsed JSON (values built in code, e.g. by the CLI, become ordinary JSON values).</summary>
    public static JsonObject Copy(JsonObject value) => Object(value.ToJsonString());

    public static string? String(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool? Bool(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static long? Long(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    public static int? Int(this JsonObject obj, string name) =>
        obj.Long(name) is { } n and >= int.MinValue and <= int.MaxValue ? (int)n : null;

    public static double? Double(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var n) ? n : null;

    public static JsonObject? Obj(this JsonObject obj, string name) => obj[name] as JsonObject;

    public static List<string>? Strings(this JsonObject obj, string name) =>
        obj[name] is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : null;

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>
    /// Auth0's PATCH: each top-level field of <paramref name="patch"/> replaces the stored one; <c>null</c> removes it
    /// (the field goes back to its default).
    /// </summary>
    public static void ApplyPatch(JsonObject state, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                state.Remove(name);
            }
            else
            {
                state[name] = value.DeepClone();
            }
        }
    }

    /// <summary>The fields of <paramref name="state"/> other than <paramref name="excluded"/>, as stored JSON text.</summary>
    public static string Without(JsonObject state, IReadOnlySet<string> excluded)
    {
        var rest = new JsonObject();
        foreach (var (name, value) in state)
        {
            if (!excluded.Contains(name))
            {
                rest[name] = value?.DeepClone();
            }
        }

        return rest.ToJsonString();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Authgate.Admin.Schemas;

/// <summary>
/// Checks a JSON value against a <see cref="SchemaNode"/> and returns every problem, never throwing. The messages are
/// those of z-schema, the validator behind Auth0's Management API, as Auth0 formats them (z-schema-errors): type
/// (<c>Expected type boolean but found type string</c>), lengths, ranges, patterns, formats, enumerations
/// (<c>Invalid property "x"</c>), missing and unknown properties. Like z-schema it reports all errors, not the first.
/// </summary>
internal static class SchemaValidator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static List<FieldError> Validate(SchemaNode schema, JsonNode? value)
    {
        var errors = new List<FieldError>();
        Visit(schema, value, "", errors);
        return errors;
    }

    public static bool IsValid(SchemaNode schema, JsonNode? value) => Validate(schema, value).Count == 0;

    private static void Visit(SchemaNode schema, JsonNode? value, string path, List<FieldError> errors)
    {
        void Add(string message) => errors.Add(new FieldError(path, message, schema.Description));

        switch (schema)
        {
            case AnySchema:
                return;
            case AnyOfSchema anyOf:
                if (value is null ? !schema.AllowsNull : !anyOf.Options.Any(o => IsValid(o, value)))
                {
                    Add("Data does not match any schemas from 'anyOf'");
                }

                return;
        }

        var kind = JsonKinds.Of(value);
        if (kind == "null")
        {
            if (!schema.AllowsNull)
            {
                Add($"Expected type {schema.ExpectedTypes} but found type null");
            }

            return;
        }

        var typeMatches = schema switch
        {
            IntegerSchema { Fractional: true } => kind is "integer" or "number",
            _ => kind == schema.TypeName,
        };
        if (!typeMatches)
        {
            Add($"Expected type {schema.ExpectedTypes} but found type {kind}");
        }

        if (schema.Enum is { } allowed && !(kind == "string" && allowed.Contains(value!.GetValue<string>())))
        {
            Add($"Invalid property \"{JsonKinds.Print(value)}\"");
        }

        if (!typeMatches)
        {
            return;
        }

        switch (schema)
        {
            case StringSchema s:
                CheckString(s, value!.GetValue<string>(), Add);
                break;
            case IntegerSchema n:
                CheckNumber(n, JsonKinds.Number(value!.AsValue()), Add);
                break;
            case ArraySchema a:
                CheckArray(a, value!.AsArray(), path, errors, Add);
                break;
            case ObjectSchema o:
                CheckObject(o, value!.AsObject(), path, errors, Add);
                break;
        }
    }

    private static void CheckString(StringSchema schema, string text, Action<string> add)
    {
        // Lengths are counted in code points, as z-schema does, but reported in UTF-16 units, as it also does.
        var length = CodePoints(text);
        if (schema.MinLength is { } min && length < min)
        {
            add($"String is too short ({text.Length} chars), minimum {min}");
        }

        if (schema.MaxLength is { } max && length > max)
        {
            add($"String is too long ({text.Length} chars), maximum {max}");
        }

        if (schema.Pattern is { } pattern && !Matches(pattern, text))
        {
            add($"String does not match pattern {pattern}: {text}");
        }

        if (schema.Format is { } format && !SchemaFormats.IsValid(format, text))
        {
            add($"Object didn't pass validation for format {format}: {text}");
        }
    }

    private static void CheckNumber(IntegerSchema schema, double number, Action<string> add)
    {
        if (schema.Minimum is { } min && number < min)
        {
            add($"Value {JsonKinds.Print(number)} is less than minimum {JsonKinds.Print(min)}");
        }

        if (schema.Maximum is { } max && number > max)
        {
            add($"Value {JsonKinds.Print(number)} is greater than maximum {JsonKinds.Print(max)}");
        }
    }

    private static void CheckArray(ArraySchema schema, JsonArray array, string path, List<FieldError> errors, Action<string> add)
    {
        if (schema.MinItems is { } min && array.Count < min)
        {
            add($"Array is too short ({array.Count}), minimum {min}");
        }

        if (schema.MaxItems is { } max && array.Count > max)
        {
            add($"Array is too long ({array.Count}), maximum {max}");
        }

        if (schema.UniqueItems)
        {
            for (var i = 0; i < array.Count; i++)
            {
                for (var j = i + 1; j < array.Count; j++)
                {
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        add($"Array items are not unique (indexes {i} and {j})");
                        i = array.Count;
                        break;
                    }
                }
            }
        }

        for (var i = 0; i < array.Count; i++)
        {
            Visit(schema.Items, array[i], JsonPath.Item(path, i), errors);
        }
    }

    private static void CheckObject(ObjectSchema schema, JsonObject obj, string path, List<FieldError> errors, Action<string> add)
    {
        foreach (var name in schema.RequiredNames.Where(n => !obj.ContainsKey(n)))
        {
            add($"Missing required property: {name}");
        }

        if (!schema.IsOpen && schema.ValueSchema is null)
        {
            var unknown = obj.Select(p => p.Key).Where(k => schema.Properties.Find(k) is null).ToList();
            if (unknown.Count > 0)
            {
                add($"Additional properties not allowed: {string.Join(',', unknown)}");
            }
        }

        if (schema.MinProperties is { } min && obj.Count < min)
        {
            add($"Too few properties defined ({obj.Count}), minimum {min}");
        }

        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            add($"Too many properties defined ({obj.Count}), maximum {max}");
        }

        foreach (var (name, child) in obj)
        {
            if ((schema.Properties.Find(name) ?? schema.ValueSchema) is { } childSchema)
            {
                Visit(childSchema, child, JsonPath.Property(path, name), errors);
            }
        }
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count++;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return count;
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Authgate.Tenants.DeployCli;

/// <summary>
/// YAML to JSON and back, with the types the Deploy CLI's YAML library (js-yaml, YAML 1.2 core schema) gives plain
/// scalars: <c>true</c>, <c>null</c>, <c>42</c> and <c>3.5</c> are a boolean, null and numbers; quoted scalars are
/// strings. Anchors, aliases and <c>&lt;&lt;</c> merge keys are resolved, as js-yaml does.
/// </summary>
internal static partial class YamlJson
{
    public static JsonObject Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new TenantFileException($"{source}: not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {Inner(e).Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return [];
        }

        return ToJson(stream.Documents[0].RootNode, source, "") switch
        {
            JsonObject root => root,
            null => [],
            _ => throw new TenantFileException($"{source}: the top level must be a mapping of resource types."),
        };
    }

    public static string Write(JsonObject root)
    {
        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, 1024, indentSequences: true));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static Exception Inner(Exception e) => e.InnerException is { } inner ? Inner(inner) : e;

    private static JsonNode? ToJson(YamlNode node, string source, string path) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping, source, path),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select((c, i) => ToJson(c, source, $"{path}[{i}]")).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new TenantFileException($"{source}: unsupported YAML node at {path}."),
    };

    private static JsonObject Mapping(YamlMappingNode mapping, string source, string path)
    {
        var result = new JsonObject();
        var merged = new List<JsonObject>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw new TenantFileException($"{source}: keys must be plain strings (at {path}).");
            if (key == "<<" && keyNode is YamlScalarNode { Style: ScalarStyle.Plain })
            {
                // Merge keys: the keys of the mapping (or mappings) named here, unless the mapping sets them itself.
                merged.AddRange(ToJson(valueNode, source, path) switch
                {
                    JsonObject one => [one],
                    JsonArray many => many.OfType<JsonObject>(),
                    _ => throw new TenantFileException($"{source}: '<<' must name a mapping (at {path})."),
                });
                continue;
            }

            // YamlDotNet refuses duplicate keys itself.
            result[key] = ToJson(valueNode, source, path.Length == 0 ? key : $"{path}.{key}");
        }

        foreach (var (key, value) in merged.SelectMany(m => m))
        {
            result.TryAdd(key, value?.DeepClone());
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag == "tag:yaml.org,2002:str" || (tag is null && scalar.Style != ScalarStyle.Plain))
        {
            return JsonValue.Create(value);
        }

        if (tag is not (null or "tag:yaml.org,2002:null" or "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float"))
        {
            return JsonValue.Create(value);
        }

        var (resolved, isTyped) = Resolve(value);
        return isTyped ? resolved : JsonValue.Create(value);
    }

    /// <summary>A plain scalar under the core schema: null, a boolean, an integer, a float, or (not typed) a string.</summary>
    private static (JsonNode? Value, bool IsTyped) Resolve(string value)
    {
        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return (null, true);
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return (JsonValue.Create(value is "true" or "True" or "TRUE"), true);
        }

        if (DecimalInteger().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return (Number(integer.ToString(CultureInfo.InvariantCulture)), true);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return (Number(hex.ToString(CultureInfo.InvariantCulture)), true);
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value.Skip(2).All(c => c is >= '0' and <= '7'))
        {
            return (Number(Convert.ToInt64(value[2..], 8).ToString(CultureInfo.InvariantCulture)), true);
        }

        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return (Number(number.ToString("R", CultureInfo.InvariantCulture)), true);
        }

        return (null, false);
    }

    /// <summary>A number as parsed JSON, so it reads back as any numeric type, as numbers from JSON files do.</summary>
    private static JsonNode Number(string json) => JsonNode.Parse(json)!;

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                emitter.Emit(new MappingStart(null, null, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(null, null, true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            default:
                // Numbers and booleans keep their JSON spelling, which the core schema reads back as the same value.
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    /// <summary>A string that would read back as another type (or empty) is quoted; several lines become a block.</summary>
    private static void EmitString(IEmitter emitter, string value)
    {
        var style = value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : value.Length == 0 || Resolve(value).IsTyped || value != value.Trim() ? ScalarStyle.SingleQuoted
            : ScalarStyle.Plain;
        emitter.Emit(new Scalar(null, null, value, style, true, true));
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}

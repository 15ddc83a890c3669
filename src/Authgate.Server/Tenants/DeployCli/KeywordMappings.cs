using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Tenants.DeployCli;

/// <summary>
/// The Deploy CLI's keyword replacement, applied to each file's text before it is parsed, as a0deploy does:
/// <c>@@KEY@@</c> (also when quoted, <c>'@@KEY@@'</c> or <c>"@@KEY@@"</c>) becomes the value as JSON, so arrays and
/// objects can be inserted; <c>##KEY##</c> becomes the value as text (a string as is, anything else as JSON).
/// Values come from a mappings file, then the <c>AUTH0_KEYWORD_REPLACE_MAPPINGS</c> environment variable (a JSON
/// object), then every other environment variable by name — later sources win, as with a0deploy's default
/// <c>--env</c>. A keyword with no value is left in place (see <see cref="Placeholders"/>).
/// </summary>
internal sealed class KeywordMappings(IReadOnlyDictionary<string, JsonNode?> values)
{
    public const string ConfigKey = "AUTH0_KEYWORD_REPLACE_MAPPINGS";

    public static KeywordMappings None { get; } = new(new Dictionary<string, JsonNode?>());

    public IReadOnlyDictionary<string, JsonNode?> Values => values;

    /// <param name="path">A JSON object of keywords, or an a0deploy <c>config.json</c> (its <c>AUTH0_KEYWORD_REPLACE_MAPPINGS</c> is used).</param>
    /// <param name="environment">The process environment (a parameter so tests need not change it).</param>
    public static KeywordMappings Load(string? path, IDictionary environment)
    {
        var merged = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new TenantFileException($"keyword mappings file not found ({Path.GetFullPath(path)}).");
            }

            var file = ParseObject(File.ReadAllText(path), $"keyword mappings file {path}");
            Add(merged, file[ConfigKey] is JsonObject config ? config : file);
        }

        if (environment[ConfigKey] is string json)
        {
            Add(merged, ParseObject(json, $"environment variable {ConfigKey}"));
        }

        foreach (DictionaryEntry variable in environment)
        {
            if (variable.Key is string name && name != ConfigKey && variable.Value is string value)
            {
                merged[name] = JsonValue.Create(value);
            }
        }

        return new KeywordMappings(merged);
    }

    public string Replace(string text)
    {
        if (values.Count == 0 || !(text.Contains("@@", StringComparison.Ordinal) || text.Contains("##", StringComparison.Ordinal)))
        {
            return text;
        }

        // As a0deploy: every array marker first, then every string marker.
        foreach (var (key, value) in values)
        {
            var marker = $"@@{key}@@";
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                var json = value?.ToJsonString() ?? "null";
                text = text.Replace($"'{marker}'", json, StringComparison.Ordinal)
                    .Replace($"\"{marker}\"", json, StringComparison.Ordinal)
                    .Replace(marker, json, StringComparison.Ordinal);
            }
        }

        foreach (var (key, value) in values)
        {
            var marker = $"##{key}##";
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                text = text.Replace(marker, value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "null", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static void Add(Dictionary<string, JsonNode?> merged, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            merged[key] = value?.DeepClone();
        }
    }

    private static JsonObject ParseObject(string json, string source)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new TenantFileException($"{source}: must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new TenantFileException($"{source}: not valid JSON: {e.Message}");
        }
    }
}

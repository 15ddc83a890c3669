using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Authgate.Tenants.DeployCli;

/// <summary>
/// Values that stand for a secret or setting the export could not carry: a keyword marker no mapping resolved
/// (<c>##SMTP_PASS##</c>, <c>@@CALLBACKS@@</c> — the whole value, as a0deploy's rule) and a0deploy's
/// <c>_VALUE_NOT_SHOWN_</c>. a0deploy leaves such fields out of what it sends; so does Authgate, with one line each.
/// </summary>
internal static partial class Placeholders
{
    public const string NotShown = "_VALUE_NOT_SHOWN_";

    public static bool IsPlaceholder(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text
        && (text == NotShown || Unresolved().IsMatch(text));

    /// <summary>Removes placeholder fields from <paramref name="item"/> and its nested objects (not arrays, as a0deploy).</summary>
    public static void Strip(JsonObject item, string label, ICollection<string> notes, string path = "")
    {
        foreach (var (key, value) in item.ToList())
        {
            var fieldPath = path.Length == 0 ? key : $"{path}.{key}";
            if (IsPlaceholder(value))
            {
                item.Remove(key);
                notes.Add($"{label}: {fieldPath} is the unresolved placeholder {value!.GetValue<string>()} and was left unset (define it in the keyword mappings to set it).");
            }
            else if (value is JsonObject nested)
            {
                Strip(nested, label, notes, fieldPath);
            }
        }
    }

    [GeneratedRegex("^(##[A-Z0-9_]+##|@@[A-Z0-9_]+@@)$")]
    private static partial Regex Unresolved();
}

using System.Text.Json.Nodes;

namespace Authgate.Admin.Lists;

/// <summary>Auth0's <c>fields</c>/<c>include_fields</c>: keep only the named top-level fields, or all but them.</summary>
internal sealed record FieldSelection(IReadOnlyList<string> Names, bool Include)
{
    public static readonly FieldSelection All = new([], Include: false);

    public static FieldSelection From(string? fields, bool? includeFields) =>
        fields is { Length: > 0 }
            ? new FieldSelection(fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), includeFields ?? true)
            : All;

    public JsonObject Apply(JsonObject item)
    {
        if (Names.Count == 0)
        {
            return item;
        }

        foreach (var key in item.Select(p => p.Key).ToList())
        {
            if (Names.Contains(key) != Include)
            {
                item.Remove(key);
            }
        }

        return item;
    }
}

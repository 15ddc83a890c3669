using System.Text.Json.Nodes;

namespace Authgate.Admin.Lists;

/// <summary>
/// One page of a list and how to write it: a bare array by default (node-auth0 v4), <c>{&lt;name&gt;, start, limit,
/// total}</c> with <c>include_totals</c> (node-auth0 v5 and later), <c>{&lt;name&gt;, next}</c> when paged by
/// checkpoint (no <c>next</c> on the last page).
/// </summary>
internal sealed record ListPage(IReadOnlyList<JsonObject> Items, ListQuery Query, int Total, string? Next)
{
    /// <param name="name">The list's name in the wrapped shapes (<c>clients</c>, <c>resource_servers</c>, …).</param>
    /// <param name="withLength">Also report <c>length</c> (the logs list does).</param>
    public JsonNode ToJson(string name, bool withLength = false)
    {
        var items = new JsonArray(Items.Select(i => (JsonNode)Query.Fields.Apply(i)).ToArray());
        if (Query.IsCheckpoint)
        {
            var page = new JsonObject { [name] = items };
            if (Next is not null)
            {
                page["next"] = Next;
            }

            return page;
        }

        if (!Query.IncludeTotals)
        {
            return items;
        }

        var wrapped = new JsonObject { [name] = items, ["start"] = Query.Skip, ["limit"] = Query.PerPage };
        if (withLength)
        {
            wrapped["length"] = Items.Count;
        }

        wrapped["total"] = Total;
        return wrapped;
    }
}

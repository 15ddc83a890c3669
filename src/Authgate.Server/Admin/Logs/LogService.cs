using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Authgate.Admin.Lists;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Logs;

/// <summary>
/// Tenant log events, newest first, paged (with <c>length</c> in the totals, as Auth0 writes them) or read from a
/// checkpoint (<c>from</c> a log id, <c>take</c>), oldest first, as Auth0's log streaming reads them.
/// </summary>
internal sealed partial class LogService(AuthDbContext db)
{
    public static AdminError NotFound() => AdminError.NotFound("Log event not found", "inexistent_log");

    /// <param name="search">Auth0's <c>q</c>: <c>field:value</c> terms joined by <c>AND</c> on type, user_id, client_id, connection, ip.</param>
    /// <param name="ascending"><c>sort=date:1</c>.</param>
    /// <returns>A page (<see cref="ListPage"/>) or, from a checkpoint, a plain array.</returns>
    public async Task<AdminResult<JsonNode>> ListAsync(ListQuery query, string? search, bool ascending, CancellationToken cancellationToken)
    {
        var rows = db.Logs.AsNoTracking();
        foreach (var term in (search ?? "").Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = TermPattern().Match(term);
            if (!match.Success)
            {
                return AdminError.BadQuery("Query validation error: supported terms are type, user_id, client_id, connection and ip (field:value).");
            }

            var value = match.Groups["value"].Value.Trim('"');
            rows = match.Groups["field"].Value switch
            {
                "type" => rows.Where(l => l.Type == value),
                "user_id" => rows.Where(l => l.UserId == value),
                "client_id" => rows.Where(l => l.ClientId == value),
                "ip" => rows.Where(l => l.Ip == value),
                _ => rows.Where(l => l.Connection == value),
            };
        }

        if (query.From is { } from)
        {
            var anchor = await db.Logs.AsNoTracking().FirstOrDefaultAsync(l => l.LogId == from, cancellationToken);
            if (anchor is null)
            {
                return AdminError.BadQuery("Query validation error: unknown log id in 'from'.");
            }

            var after = await rows.Where(l => l.Date > anchor.Date || (l.Date == anchor.Date && string.Compare(l.LogId, anchor.LogId) > 0))
                .OrderBy(l => l.Date).ThenBy(l => l.LogId).Take(query.Limit).ToListAsync(cancellationToken);
            return new JsonArray(after.Select(l => (JsonNode)query.Fields.Apply(View(l))).ToArray());
        }

        var total = query.IncludeTotals ? await rows.CountAsync(cancellationToken) : 0;
        var ordered = ascending ? rows.OrderBy(l => l.Date).ThenBy(l => l.LogId) : rows.OrderByDescending(l => l.Date).ThenByDescending(l => l.LogId);
        var page = await ordered.Skip(query.Skip).Take(query.PerPage).ToListAsync(cancellationToken);
        return new ListPage(page.Select(View).ToList(), query with { Take = null }, total, null).ToJson("logs", withLength: true);
    }

    public async Task<AdminResult<JsonObject>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await db.Logs.AsNoTracking().FirstOrDefaultAsync(l => l.LogId == id, cancellationToken);
        return entry is null ? NotFound() : View(entry);
    }

    public static JsonObject View(LogEvent entry) => new()
    {
        ["date"] = AdminTime.Iso(entry.Date),
        ["type"] = entry.Type,
        ["description"] = entry.Description,
        ["connection"] = entry.Connection,
        ["connection_id"] = entry.ConnectionId,
        ["client_id"] = entry.ClientId,
        ["client_name"] = entry.ClientName,
        ["ip"] = entry.Ip,
        ["client_ip"] = entry.ClientIp,
        ["user_agent"] = entry.UserAgent,
        ["hostname"] = entry.Hostname,
        ["user_id"] = entry.UserId,
        ["user_name"] = entry.UserName,
        ["audience"] = entry.Audience,
        ["scope"] = entry.Scope,
        ["strategy"] = entry.Strategy,
        ["strategy_type"] = entry.StrategyType,
        ["details"] = Json.StoredJson.Parse(entry.Details),
        ["log_id"] = entry.LogId,
        ["_id"] = entry.LogId,
        ["isMobile"] = false,
    };

    [GeneratedRegex("^(?<field>type|user_id|client_id|connection|ip):(?<value>\"[^\"]{1,256}\"|[^\\s\"]{1,256})$")]
    private static partial Regex TermPattern();
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/logs</c>: tenant log events, newest first, paged or from a checkpoint (<c>from</c>/<c>take</c>).</summary>
internal static partial class LogsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/logs", ListAsync).Scopes("read:logs");
        api.MapGet("/logs/{id}", GetAsync).Scopes("read:logs");
    }

    private static async Task<IResult> ListAsync(HttpContext http, AuthDbContext db)
    {
        var (paging, error) = Paging.From(http.Request);
        if (paging is null)
        {
            return ManagementResults.Error(error!);
        }

        var query = db.Logs.AsQueryable();
        if (http.Request.Query["q"].ToString() is { Length: > 0 } q)
        {
            foreach (var term in q.Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var match = TermPattern().Match(term);
                if (!match.Success)
                {
                    return ManagementResults.Error(ManagementError.BadQuery("Query validation error: supported terms are type, user_id, client_id and connection (field:value)."));
                }

                var value = match.Groups["value"].Value.Trim('"');
                query = match.Groups["field"].Value switch
                {
                    "type" => query.Where(l => l.Type == value),
                    "user_id" => query.Where(l => l.UserId == value),
                    "client_id" => query.Where(l => l.ClientId == value),
                    _ => query.Where(l => l.Connection == value),
                };
            }
        }

        var ascending = http.Request.Query["sort"].ToString() == "date:1";
        if (http.Request.Query["from"].ToString() is { Length: > 0 } from)
        {
            // Checkpoint paging: the events after `from`, oldest first, as Auth0's log streaming reads them.
            var take = int.TryParse(http.Request.Query["take"], out var t) ? Math.Clamp(t, 1, 100) : 50;
            var anchor = await db.Logs.FirstOrDefaultAsync(l => l.LogId == from, http.RequestAborted);
            if (anchor is null)
            {
                return ManagementResults.Error(ManagementError.BadQuery("Query validation error: unknown log id in 'from'."));
            }

            var after = await query.Where(l => l.Date > anchor.Date || (l.Date == anchor.Date && string.Compare(l.LogId, anchor.LogId) > 0))
                .OrderBy(l => l.Date).ThenBy(l => l.LogId).Take(take).ToListAsync(http.RequestAborted);
            return ManagementResults.Json(after.Select(View).ToList());
        }

        var total = await query.CountAsync(http.RequestAborted);
        var ordered = ascending ? query.OrderBy(l => l.Date).ThenBy(l => l.LogId) : query.OrderByDescending(l => l.Date).ThenByDescending(l => l.LogId);
        var events = await ordered.Skip(paging.Skip).Take(paging.PerPage).ToListAsync(http.RequestAborted);
        return ManagementResults.Page(events.Select(View).ToList(), total, paging, "logs");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, AuthDbContext db)
    {
        var entry = await db.Logs.FirstOrDefaultAsync(l => l.LogId == id, http.RequestAborted);
        return entry is null ? ManagementResults.Error(ManagementError.NotFound("Log event not found", "inexistent_log")) : ManagementResults.Json(View(entry));
    }

    public static JsonObject View(LogEvent entry) => new()
    {
        ["date"] = ManagementResults.Iso(entry.Date),
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

    [GeneratedRegex("^(?<field>type|user_id|client_id|connection):(?<value>\"[^\"]{1,256}\"|[^\\s\"]{1,256})$")]
    private static partial Regex TermPattern();
}

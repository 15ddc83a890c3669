using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Logs;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Logs;

/// <summary>The tenant log, newest first, filtered through <see cref="LogService"/>'s own query terms; htmx re-reads it every few seconds for the live tail.</summary>
internal sealed class IndexModel(LogService logs) : DashboardPage
{
    [FromQuery(Name = "type")]
    public string? Type { get; set; }

    [FromQuery(Name = "user")]
    public new string? User { get; set; }

    [FromQuery(Name = "client")]
    public string? Client { get; set; }

    [FromQuery(Name = "ip")]
    public string? Ip { get; set; }

    [FromQuery(Name = "tail")]
    public bool Tail { get; set; }

    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    public string TailUrl => Href("logs") + Request.QueryString.Value;

    public async Task OnGetAsync()
    {
        var terms = new[] { ("type", Type), ("user_id", User), ("client_id", Client), ("ip", Ip) }
            .Where(t => !string.IsNullOrWhiteSpace(t.Item2))
            .Select(t => $"{t.Item1}:\"{t.Item2!.Trim().Replace("\"", "", StringComparison.Ordinal)}\"");
        var result = await logs.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, string.Join(" AND ", terms), ascending: false, HttpContext.RequestAborted);
        if (result.TryGet(out var page, out var error))
        {
            Items = (page as JsonArray ?? [])!.OfType<JsonObject>().ToList();
        }
        else
        {
            Refused(error);
        }
    }
}

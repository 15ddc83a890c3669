using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Users;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Users;

internal sealed class IndexModel(UserService users) : DashboardPage
{
    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if ((await users.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, new UserQuery(Search(Q), null, "created_at:-1"), HttpContext.RequestAborted)).TryGet(out var page, out var error))
        {
            Items = page.Items;
        }
        else
        {
            Refused(error);
        }
    }

    /// <summary>A bare term is an email (with <c>@</c>) or a username; <c>field:value</c> goes to the service as typed.</summary>
    private static string? Search(string? term) => term?.Trim() switch
    {
        null or "" => null,
        var t when t.Contains(':', StringComparison.Ordinal) => t,
        var t when t.Contains('@', StringComparison.Ordinal) => $"email:\"{t.Replace("\"", "", StringComparison.Ordinal)}\"",
        var t => $"username:\"{t.Replace("\"", "", StringComparison.Ordinal)}\"",
    };
}

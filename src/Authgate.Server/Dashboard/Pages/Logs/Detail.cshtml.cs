using System.Text.Json.Nodes;
using Authgate.Admin.Logs;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Logs;

internal sealed class DetailModel(LogService logs) : DashboardPage
{
    [FromRoute]
    public string Id { get; set; } = "";

    public JsonObject? Entry { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await logs.GetAsync(Id, HttpContext.RequestAborted)).TryGet(out var entry, out _))
        {
            return NotFound();
        }

        Entry = entry;
        return Page();
    }
}

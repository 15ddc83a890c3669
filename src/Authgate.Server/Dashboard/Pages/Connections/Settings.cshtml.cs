using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Connections;
using Authgate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Connections;

internal sealed class SettingsModel(ConnectionService connections, AuthDbContext db) : ConnectionForm(db)
{
    [FromRoute]
    public string Id { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await connections.GetAsync(Id, HttpContext.RequestAborted)).TryGet(out var connection, out _))
        {
            return NotFound();
        }

        Fill(connection);
        await LoadClientsAsync();
        await LoadPasswordStateAsync(Id);
        return Page();
    }

    [Audited("Update a connection")]
    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!(await connections.GetAsync(Id, HttpContext.RequestAborted)).TryGet(out var current, out var missing))
        {
            return NotFound();
        }

        await LoadClientsAsync();
        // The stored strategy decides the form, whatever the post says.
        Strategy = current.String("strategy") ?? Strategy;
        var patch = new JsonObject { ["options"] = Options(current.Obj("options")), ["enabled_clients"] = AdminJson.Array(EnabledClients) };
        BindPassword = null;
        var result = await connections.UpdateAsync(Id, patch, HttpContext.RequestAborted);
        await LoadPasswordStateAsync(Id);
        if (!result.TryGet(out var updated, out var error))
        {
            Name = current.String("name");
            return Refused(error);
        }

        Fill(updated);
        Notice = "Changes saved.";
        return Page();
    }

    [Audited("Delete a connection")]
    public async Task<IActionResult> OnPostDeleteAsync() =>
        await connections.DeleteAsync(Id, HttpContext.RequestAborted) is { } error ? Refused(error) : Redirect(Href("connections"));
}

using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Connections;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Connections;

internal sealed class NewModel(ConnectionService connections, AuthDbContext db) : ConnectionForm(db)
{
    public async Task OnGetAsync()
    {
        Strategy = IsLdap ? Strategies.Ad : Strategies.Auth0;
        await LoadClientsAsync();
        // A newcomer's first connection is for the applications they have.
        EnabledClients = Clients.Select(c => c.Id).ToList();
    }

    [Audited("Create a connection")]
    public async Task<IActionResult> OnPostAsync()
    {
        Strategy = IsLdap ? Strategies.Ad : Strategies.Auth0;
        var body = new JsonObject
        {
            ["name"] = Name ?? "",
            ["strategy"] = Strategy,
            ["options"] = Options(null),
            ["enabled_clients"] = AdminJson.Array(EnabledClients),
        };
        BindPassword = null;
        if (!(await connections.CreateAsync(body, HttpContext.RequestAborted)).TryGet(out var created, out var error))
        {
            await LoadClientsAsync();
            return Refused(error);
        }

        return Redirect(Href("connections/settings/" + Escape(created.String("id")!)));
    }
}

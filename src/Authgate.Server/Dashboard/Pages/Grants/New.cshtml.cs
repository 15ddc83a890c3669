using Authgate.Admin;
using System.Text.Json.Nodes;
using Authgate.Admin.ClientGrants;
using Authgate.Admin.Clients;
using Authgate.Admin.Lists;
using Authgate.Admin.ResourceServers;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Grants;

internal sealed class NewModel(ClientGrantService grants, ClientService clients, ResourceServerService apis) : GrantForm
{
    [BindProperty]
    public string? ClientId { get; set; }

    [BindProperty]
    public string? Audience { get; set; }

    public IReadOnlyList<JsonObject> Clients { get; private set; } = [];

    public IReadOnlyList<JsonObject> Apis { get; private set; } = [];

    protected override IReadOnlyCollection<string> FormFields => ["client_id", "audience", "scope"];

    public async Task OnGetAsync()
    {
        ClientId = Request.Query["client_id"].FirstOrDefault();
        await LoadChoicesAsync();
    }

    [Audited("Create client grant")]
    public async Task<IActionResult> OnPostAsync()
    {
        var body = new JsonObject { ["client_id"] = ClientId ?? "", ["audience"] = Audience ?? "", ["scope"] = Lines(Scopes) };
        if ((await grants.CreateAsync(body, HttpContext.RequestAborted)).TryGet(out var created, out var error))
        {
            return Redirect(Href("grants/settings/" + Escape(created.String("id")!)));
        }

        await LoadChoicesAsync();
        return RefusedGrant(error);
    }

    private async Task LoadChoicesAsync()
    {
        var all = ListQuery.Default with { PerPage = ListQuery.MaxPerPage };
        if ((await clients.ListAsync(all, ClientFilter.None, includeSecrets: false, HttpContext.RequestAborted)).TryGet(out var clientPage, out _))
        {
            Clients = clientPage.Items;
        }

        if ((await apis.ListAsync(all, [], HttpContext.RequestAborted)).TryGet(out var apiPage, out _))
        {
            Apis = apiPage.Items;
        }
    }
}

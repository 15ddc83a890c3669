using Authgate.Admin;
using System.Text.Json.Nodes;
using Authgate.Admin.ClientGrants;
using Authgate.Admin.Clients;
using Authgate.Admin.Lists;

namespace Authgate.Dashboard.Pages.Grants;

/// <summary>Machine-to-machine access: which application may get tokens for which API, with which scopes.</summary>
internal sealed class IndexModel(ClientGrantService grants, ClientService clients) : DashboardPage
{
    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    public IReadOnlyDictionary<string, string> ClientNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        var all = ListQuery.Default with { PerPage = ListQuery.MaxPerPage };
        if (!(await grants.ListAsync(all, ClientGrantService.Filter.None, HttpContext.RequestAborted)).TryGet(out var page, out var error))
        {
            Refused(error);
            return;
        }

        Items = page.Items;
        if ((await clients.ListAsync(all, ClientFilter.None, includeSecrets: false, HttpContext.RequestAborted)).TryGet(out var named, out _))
        {
            ClientNames = named.Items.ToDictionary(c => c.String("client_id")!, c => c.String("name") ?? "");
        }
    }
}

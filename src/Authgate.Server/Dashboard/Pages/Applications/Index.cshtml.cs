using System.Text.Json.Nodes;
using Authgate.Admin.Clients;
using Authgate.Admin.Lists;

namespace Authgate.Dashboard.Pages.Applications;

internal sealed class IndexModel(ClientService clients) : DashboardPage
{
    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if ((await clients.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, ClientFilter.None, includeSecrets: false, HttpContext.RequestAborted)).TryGet(out var page, out var error))
        {
            Items = page.Items;
        }
        else
        {
            Refused(error);
        }
    }
}

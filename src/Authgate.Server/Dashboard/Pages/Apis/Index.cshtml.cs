using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.ResourceServers;

namespace Authgate.Dashboard.Pages.Apis;

internal sealed class IndexModel(ResourceServerService apis) : DashboardPage
{
    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if ((await apis.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, [], HttpContext.RequestAborted)).TryGet(out var page, out var error))
        {
            Items = page.Items;
        }
        else
        {
            Refused(error);
        }
    }
}

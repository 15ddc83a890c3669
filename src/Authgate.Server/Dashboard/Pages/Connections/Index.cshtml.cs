using System.Text.Json.Nodes;
using Authgate.Admin.Connections;
using Authgate.Admin.Lists;

namespace Authgate.Dashboard.Pages.Connections;

internal sealed class IndexModel(ConnectionService connections) : DashboardPage
{
    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if ((await connections.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, [], null, HttpContext.RequestAborted)).TryGet(out var page, out var error))
        {
            Items = page.Items;
        }
        else
        {
            Refused(error);
        }
    }
}

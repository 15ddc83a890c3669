using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Dashboard.Pages;

/// <summary>The seed's Dashboard steps in order, each marked done once the tenant holds what it creates.</summary>
internal sealed class IndexModel(AuthDbContext db) : DashboardPage
{
    public sealed record Step(string Title, string Link, string Hint, bool Done);

    public IReadOnlyList<Step> Steps { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var clients = await db.Clients.AsNoTracking().Select(c => c.GrantTypes).ToListAsync(cancellationToken);
        var apis = await db.ResourceServers.AsNoTracking().Select(r => r.AllowOfflineAccess).ToListAsync(cancellationToken);
        var connections = await db.Connections.AsNoTracking().CountAsync(cancellationToken);
        var tenant = await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().AnyAsync(cancellationToken);
        Steps =
        [
            new("Register an application", "applications/new", "A Regular Web App with an Allowed Callback URL and the Password grant.",
                clients.Any(g => g.Contains(OAuth.GrantTypes.Password))),
            new("Register an API", "apis/new", "Its identifier is the audience of the access tokens; allow offline access for refresh tokens.", apis.Any(a => a)),
            new("Set up a connection", "connections/new", "A database connection holds usernames and passwords; enable it for the application.", connections > 0),
            new("Set the default directory", "tenant", "Tenant Settings › Default Directory: the connection the Password grant uses.", !string.IsNullOrEmpty(tenant?.DefaultDirectory)),
            new("Add a user", "users/new", "A user in the connection, to sign in with.", users),
            new("Try the Password grant", "try-it", "Run it for the application and user, and read the tokens.", false),
        ];
    }
}

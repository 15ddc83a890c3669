using System.Net.Mail;
using System.Text.Json;
using Authgate.Connections;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tenants;

/// <summary>
/// Applies a <see cref="TenantFile"/> to an empty database in one transaction: everything is validated first and
/// any problem is a <see cref="TenantFileException"/> naming the field, with nothing written.
/// </summary>
internal sealed class TenantSeeder(AuthDbContext db, TenantObjects objects, TimeProvider time)
{
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken) =>
        !await db.TenantSettings.AnyAsync(cancellationToken);

    /// <summary>An empty tenant (no default directory or audience), for a database started without seed or demo.</summary>
    public async Task EnsureTenantAsync(CancellationToken cancellationToken)
    {
        if (await IsEmptyAsync(cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            db.TenantSettings.Add(new TenantSettings { CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    public async Task ApplyAsync(TenantFile file, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var apis = file.ResourceServers.Select((r, i) => objects.ResourceServer(r, $"resourceServers[{i}]", now)).ToList();
        TenantObjects.Unique(apis.Select(a => a.Identifier), "resourceServers", "identifier");

        var clients = file.Clients.Select((c, i) => objects.Client(c, $"clients[{i}]", now)).ToList();
        TenantObjects.Unique(clients.Select(c => c.ClientId), "clients", "client_id");
        var credentials = file.Clients.SelectMany((c, i) => TenantObjects.Credentials(c, clients[i].ClientId, $"clients[{i}]", now)).ToList();

        var connections = file.Connections.Select((c, i) => objects.Connection(c, $"connections[{i}]",
            entry => (clients.FirstOrDefault(c => c.ClientId == entry) ?? clients.FirstOrDefault(c => c.Name == entry))?.ClientId, now)).ToList();
        TenantObjects.Unique(connections.Select(c => c.Name), "connections", "name");

        var users = file.Users.Select((u, i) => objects.User(u, $"users[{i}]", name => connections.FirstOrDefault(c => c.Name == name), now)).ToList();
        TenantObjects.Unique(users.Where(u => u.NormalizedEmail is not null).Select(u => u.ConnectionId + "/" + u.NormalizedEmail), "users", "email");
        TenantObjects.Unique(users.Where(u => u.NormalizedUsername is not null).Select(u => u.ConnectionId + "/" + u.NormalizedUsername), "users", "username");

        var grants = file.ClientGrants.Select((g, i) => ClientGrant(g, $"clientGrants[{i}]", clients, apis, now)).ToList();
        TenantObjects.Unique(grants.Select(g => g.ClientId + " " + g.Audience), "clientGrants", "client_id and audience");

        var tenant = new TenantSettings
        {
            FriendlyName = file.Tenant?.FriendlyName ?? "Authgate",
            DefaultDirectory = file.Tenant?.DefaultDirectory,
            DefaultAudience = file.Tenant?.DefaultAudience,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (tenant.DefaultDirectory is { } directory && connections.All(c => c.Name != directory))
        {
            throw new TenantFileException($"tenant.default_directory: no connection named '{directory}' in the file.");
        }

        if (tenant.DefaultAudience is { } audience && apis.All(a => a.Identifier != audience))
        {
            throw new TenantFileException($"tenant.default_audience: no resource server with identifier '{audience}' in the file.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TenantSettings.Add(tenant);
        db.ResourceServers.AddRange(apis);
        db.Clients.AddRange(clients);
        db.ClientCredentials.AddRange(credentials);
        db.ClientGrants.AddRange(grants);
        db.Connections.AddRange(connections);
        db.Users.AddRange(users);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A tenant file names the Management API by its audience on the tenant it came from (<c>https://{domain}/api/v2/</c>),
    /// which is not this server's issuer: any audience with that path is taken as the built-in Management API.
    /// </summary>
    public static bool IsManagementAudience(string audience) =>
        audience == Tokens.ApiResolver.ManagementStoredAudience || audience.EndsWith("/api/v2/", StringComparison.Ordinal);

    /// <summary>A client grant of the file; the Management API's audience is recognised by its <c>/api/v2/</c> path.</summary>
    private static ClientGrant ClientGrant(TenantFile.ClientGrantSection section, string path, List<Client> clients, List<ResourceServer> apis, DateTime now)
    {
        var clientRef = TenantObjects.Required(section.ClientId, path, "client_id");
        var client = clients.FirstOrDefault(c => c.ClientId == clientRef) ?? clients.FirstOrDefault(c => c.Name == clientRef)
            ?? throw new TenantFileException($"{path}.client_id: no client '{clientRef}' in the file.");
        var audience = TenantObjects.Required(section.Audience, path, "audience");
        var scopes = section.Scope ?? [];
        string stored;
        IEnumerable<string> defined;
        if (apis.FirstOrDefault(a => a.Identifier == audience) is { } api)
        {
            stored = api.Identifier;
            defined = api.Scopes.Select(s => s.Value);
        }
        else if (IsManagementAudience(audience))
        {
            stored = Tokens.ApiResolver.ManagementStoredAudience;
            defined = Management.ManagementScopes.All;
        }
        else
        {
            throw new TenantFileException($"{path}.audience: no resource server '{audience}' in the file.");
        }

        return TenantObjects.ClientGrant(client.ClientId, stored, scopes, defined, $"{path}.scope", now);
    }
}

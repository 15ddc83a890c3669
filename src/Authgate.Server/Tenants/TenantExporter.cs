using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.AttackProtection;
using Authgate.Admin.ClientGrants;
using Authgate.Admin.Clients;
using Authgate.Admin.Connections;
using Authgate.Admin.ResourceServers;
using Authgate.Admin.Tenant;
using Authgate.Admin.Users;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tenants;

/// <summary>
/// The whole tenant as a <see cref="TenantDocument"/> that <see cref="TenantSeeder"/> applies again unchanged: the
/// writable state of every object (what the admin services store), with client and API secrets, credentials and
/// password hashes, so a tenant moves between servers with its logins intact.
/// </summary>
internal sealed class TenantExporter(AuthDbContext db, SecretProtector protector, ApiResolver apis, ConnectionStrategies strategies, AttackProtectionService attackProtection)
{
    public async Task<TenantDocument> ExportAsync(CancellationToken cancellationToken)
    {
        var tenant = await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var connections = await db.Connections.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var names = connections.ToDictionary(c => c.Id, c => c.Name);
        var credentials = await db.ClientCredentials.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var apiRows = await db.ResourceServers.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        var clientRows = await db.Clients.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var userRows = await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken);
        var grantRows = await db.ClientGrants.AsNoTracking().OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken);

        return new TenantDocument(
            tenant is null ? null : TenantSettingsRecord.State(tenant),
            apiRows.Select(Api).ToList(),
            clientRows.Select(c => Client(c, credentials.Where(k => k.ClientId == c.ClientId).ToList())).ToList(),
            connections.Select(Connection).ToList(),
            userRows.Select(u => UserRecord.Export(u, names[u.ConnectionId], withPasswordHash: true)).ToList(),
            grantRows.Select(g =>
            {
                var grant = ClientGrantRecord.State(g);
                grant["audience"] = apis.ToWire(g.Audience);
                return grant;
            }).ToList(),
            await AttackProtectionAsync(cancellationToken));
    }

    /// <summary>Every setting as its GET answers it (Auth0's defaults for what was never set), as the Deploy CLI exports them.</summary>
    private async Task<JsonObject> AttackProtectionAsync(CancellationToken cancellationToken)
    {
        var section = new JsonObject();
        foreach (var (name, kind) in AttackProtectionSections.Kinds)
        {
            section[name] = await attackProtection.GetAsync(kind, cancellationToken);
        }

        return section;
    }

    /// <summary>A connection with its secret option (an LDAP bind password, a custom database's configuration) put back, as its strategy stores it apart.</summary>
    private JsonObject Connection(Connection connection)
    {
        var state = ConnectionRecord.State(connection);
        state["options"] = strategies.Find(connection.Strategy).Reveal(state.Obj("options") ?? [], connection.SecretProtected);
        return state;
    }

    private JsonObject Api(ResourceServer api)
    {
        var state = ResourceServerRecord.State(api);
        if (api.SigningAlg == SigningAlgorithms.HS256 && api.SigningSecretProtected is { } secret)
        {
            state["signing_secret"] = protector.Unprotect(secret, SecretPurposes.ApiSigningSecret);
        }

        return state;
    }

    private JsonObject Client(Client client, List<ClientCredential> credentials)
    {
        var state = new JsonObject { ["client_id"] = client.ClientId, ["client_secret"] = ClientRecord.Secret(client, protector) };
        foreach (var (name, value) in ClientRecord.State(client))
        {
            state[name] = value?.DeepClone();
        }

        if (client.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt && credentials.Count > 0)
        {
            state["client_authentication_methods"] = new JsonObject
            {
                ["private_key_jwt"] = new JsonObject { ["credentials"] = new JsonArray(credentials.Select(c => (JsonNode)ClientKeys.Export(c)).ToArray()) },
            };
        }

        return state;
    }
}

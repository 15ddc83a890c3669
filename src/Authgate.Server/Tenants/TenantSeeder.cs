using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.AttackProtection;
using Authgate.Admin.ClientGrants;
using Authgate.Admin.Clients;
using Authgate.Admin.Connections;
using Authgate.Admin.ResourceServers;
using Authgate.Admin.Tenant;
using Authgate.Admin.Users;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tenants;

/// <summary>
/// Applies a <see cref="TenantDocument"/> to an empty database in one transaction. Every object goes through the same
/// admin service as the Management API (same schema, same messages); everything is validated first and any problem is
/// a <see cref="TenantFileException"/> naming the object, with nothing written.
/// </summary>
internal sealed class TenantSeeder(
    AuthDbContext db,
    TenantSettingsService tenants,
    ResourceServerService resourceServers,
    ClientService clients,
    ConnectionService connections,
    UserService users,
    ClientGrantService grants,
    HotConnections rawConnections,
    TimeProvider time)
{
    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken) => IsEmptyAsync(rawConnections, cancellationToken);

    /// <summary>
    /// Outside EF, and without a seeder (whose services each take a DbContext, and the first one costs about 0.1 s):
    /// every start asks (see <see cref="HotConnections.RowsAsync"/>).
    /// </summary>
    public static async Task<bool> IsEmptyAsync(HotConnections connections, CancellationToken cancellationToken) =>
        (await connections.RowsAsync("SELECT 1 FROM tenant_settings LIMIT 1", cancellationToken)).Count == 0;

    /// <summary>An empty tenant (no default directory or audience), for a database started without seed or demo.</summary>
    public async Task EnsureTenantAsync(CancellationToken cancellationToken)
    {
        if (await IsEmptyAsync(cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            await NewRows.InsertAsync(db, [new TenantSettings { CreatedAt = now, UpdatedAt = now }], cancellationToken);
        }
    }

    public async Task ApplyAsync(TenantDocument file, CancellationToken cancellationToken) =>
        // Outside EF's change tracker: on a first start this is the process's first write (see NewRows).
        await NewRows.InsertAsync(db, Prepare(file), cancellationToken);

    /// <summary>
    /// The file's rows, every object validated by its admin service, principals before dependents; nothing written.
    /// </summary>
    public List<object> Prepare(TenantDocument file)
    {
        var tenant = Check(TenantDocument.TenantSection, tenants.Prepare(file.Tenant));

        var apiRows = file.ResourceServers.Select((r, i) => Check($"{TenantDocument.ResourceServersSection}[{i}]", resourceServers.Prepare(r))).ToList();
        Unique(apiRows.Select(a => a.Identifier), TenantDocument.ResourceServersSection, "identifier");
        if (apiRows.FirstOrDefault(a => IsManagementAudience(a.Identifier)) is { } system)
        {
            throw new TenantFileException($"{TenantDocument.ResourceServersSection}: {system.Identifier} is the Management API's identifier.");
        }

        var clientRows = file.Clients.Select((c, i) => Check($"{TenantDocument.ClientsSection}[{i}]", clients.Prepare(c, import: true))).ToList();
        Unique(clientRows.Select(c => c.Client.ClientId), TenantDocument.ClientsSection, "client_id");
        string? ResolveClient(string entry) =>
            (clientRows.FirstOrDefault(c => c.Client.ClientId == entry) ?? clientRows.FirstOrDefault(c => c.Client.Name == entry))?.Client.ClientId;

        var connectionRows = file.Connections.Select((c, i) => Check($"{TenantDocument.ConnectionsSection}[{i}]", connections.Prepare(c, ResolveClient, import: true))).ToList();
        Unique(connectionRows.Select(c => c.Name), TenantDocument.ConnectionsSection, "name");
        Unique(connectionRows.SelectMany(c => c.Realms.Except([c.Name]).Append(c.Name)), TenantDocument.ConnectionsSection, "realm");

        var userRows = PrepareUsers(file.Users, connectionRows);
        Unique(userRows.Select(u => u.UserId), TenantDocument.UsersSection, "user_id");
        Unique(userRows.Where(u => u.NormalizedEmail is not null).Select(u => u.ConnectionId + "/" + u.NormalizedEmail), TenantDocument.UsersSection, "email");
        Unique(userRows.Where(u => u.NormalizedUsername is not null).Select(u => u.ConnectionId + "/" + u.NormalizedUsername), TenantDocument.UsersSection, "username");

        // The file may come from another server: its Management API is recognised by the /api/v2/ path.
        var management = ApiResolver.ManagementApi(ApiResolver.ManagementStoredAudience);
        ResourceServer? FindApi(string audience) =>
            apiRows.FirstOrDefault(a => a.Identifier == audience) ?? (IsManagementAudience(audience) ? management : null);
        var grantRows = file.ClientGrants.Select((g, i) =>
        {
            // Grants may name their client, as Deploy CLI exports do.
            var body = AdminJson.Copy(g);
            if (body.String("client_id") is { } reference && ResolveClient(reference) is { } clientId)
            {
                body["client_id"] = clientId;
            }

            return Check($"{TenantDocument.ClientGrantsSection}[{i}]", grants.Prepare(body, FindApi, id => clientRows.Any(c => c.Client.ClientId == id)));
        }).ToList();
        Unique(grantRows.Select(g => $"{g.ClientId ?? g.DefaultFor} {g.Audience} {g.SubjectType}"), TenantDocument.ClientGrantsSection, "client_id and audience");

        var protection = AttackProtection(file.AttackProtection);

        if (tenant.DefaultDirectory is { } directory && connectionRows.All(c => c.Name != directory))
        {
            throw new TenantFileException($"tenant.default_directory: no connection named '{directory}' in the file.");
        }

        if (tenant.DefaultAudience is { } audience && FindApi(audience) is null)
        {
            throw new TenantFileException($"tenant.default_audience: no resource server with identifier '{audience}' in the file.");
        }

        return
        [
            tenant, .. apiRows, .. clientRows.Select(c => c.Client), .. clientRows.SelectMany(c => c.Credentials), .. grantRows,
            .. connectionRows, .. userRows, .. protection is null ? Array.Empty<object>() : [protection],
        ];
    }

    /// <summary>The settings row of the file's <c>attackProtection</c> section, each setting validated as its PATCH body.</summary>
    private AttackProtectionRow? AttackProtection(System.Text.Json.Nodes.JsonObject? section)
    {
        if (section is null)
        {
            return null;
        }

        var row = new AttackProtectionRow { UpdatedAt = time.GetUtcNow().UtcDateTime };
        foreach (var (name, body) in section)
        {
            var path = $"{TenantDocument.AttackProtectionSection}.{name}";
            if (AttackProtectionSections.Kinds.TryGetValue(name, out var kind))
            {
                Check(path, AttackProtectionService.Prepare(row, kind, body));
            }
            else if (AttackProtectionSections.Unserved.TryGetValue(name, out var feature))
            {
                throw new TenantFileException($"{path}: {AttackProtectionSections.NotAvailable(feature).Message}");
            }
            else
            {
                throw new TenantFileException($"{path}: unknown setting (expected {string.Join(", ", AttackProtectionSections.Kinds.Keys)}).");
            }
        }

        return row;
    }

    /// <summary>
    /// A tenant file names the Management API by its audience on the tenant it came from (<c>https://{domain}/api/v2/</c>),
    /// which is not this server's issuer: any audience with that path is taken as the built-in Management API.
    /// </summary>
    /// <remarks>Start-up work must not ask the issuer, which is known only once Kestrel has bound its port.</remarks>
    public static bool IsManagementAudience(string audience) =>
        audience == ApiResolver.ManagementStoredAudience || audience.EndsWith("/api/v2/", StringComparison.Ordinal);

    /// <summary>
    /// The file's users, validated and their passwords hashed on all cores (each hash is a slow KDF: a tenant of a
    /// few hundred users would otherwise take seconds to start). The first invalid user, in file order, is reported.
    /// </summary>
    private List<User> PrepareUsers(IReadOnlyList<JsonObject> sections, List<Connection> connectionRows)
    {
        var prepared = new AdminResult<User>[sections.Count];
        Parallel.For(0, sections.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            prepared[i] = users.Prepare(sections[i], name => connectionRows.FirstOrDefault(c => c.Name == name), import: true));
        return prepared.Select((result, i) => Check($"{TenantDocument.UsersSection}[{i}]", result)).ToList();
    }

    /// <summary>The value, or the service's error as a tenant-file error naming the object.</summary>
    private static T Check<T>(string path, AdminResult<T> result) where T : class =>
        result.TryGet(out var value, out var error) ? value : throw new TenantFileException($"{path}: {error.Message}");

    private static void Unique(IEnumerable<string> values, string path, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Where(v => !seen.Add(v)))
        {
            throw new TenantFileException($"{path}: duplicate {field} '{value}'.");
        }
    }
}

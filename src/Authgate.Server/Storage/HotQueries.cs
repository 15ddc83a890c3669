using Authgate.Storage.Entities;

namespace Authgate.Storage;

/// <summary>
/// The lookups every token request makes, without EF. Configuration comes from <see cref="ConfigurationCache"/>
/// (checked against the version stamp once per request, so a change anywhere applies at once), loaded on a miss by a
/// prepared statement; refresh tokens and users from prepared statements too (<see cref="HotReads"/>). Returned
/// objects may be shared between requests: never modify them.
/// </summary>
internal static class HotQueries
{
    private const int Single = 0;

    public static Task<Client?> ClientById(RequestStorage storage, string id) =>
        storage.Configuration.GetAsync(storage, g => g.Clients, id, "client", () => storage.Reads.ClientAsync(id));

    public static async Task<TenantSettings?> Tenant(RequestStorage storage) =>
        (await storage.Configuration.GetAsync(storage, g => g.Tenant, Single, "tenant",
            async () => new ConfigurationCache.Single<TenantSettings>(await storage.Reads.TenantAsync())))!.Value;

    public static Task<ResourceServer?> ApiByIdentifier(RequestStorage storage, string identifier) =>
        storage.Configuration.GetAsync(storage, g => g.Apis, identifier, "api", () => storage.Reads.ApiAsync(identifier));

    public static Task<Connection?> ConnectionByName(RequestStorage storage, string name) =>
        storage.Configuration.GetAsync(storage, g => g.Connections, name, "connection", () => storage.Reads.ConnectionByNameAsync(name));

    public static Task<Connection?> ConnectionById(RequestStorage storage, string id) =>
        storage.Configuration.GetAsync(storage, g => g.ConnectionsById, id, "connection", () => storage.Reads.ConnectionByIdAsync(id));

    /// <summary>A client's grant for an audience and subject type (<c>client</c> for client credentials, <c>user</c> for user flows).</summary>
    public static Task<ClientGrant?> ClientGrant(RequestStorage storage, string clientId, string audience, string subjectType) =>
        storage.Configuration.GetAsync(storage, g => g.Grants, (clientId, audience, subjectType), "client_grant",
            () => storage.Reads.ClientGrantAsync(clientId, audience, subjectType));

    /// <summary>A grant that applies to a whole class of clients (<c>default_for: third_party_clients</c>); read for third-party clients only, not cached.</summary>
    public static Task<ClientGrant?> DefaultClientGrant(RequestStorage storage, string defaultFor, string audience, string subjectType) =>
        storage.Reads.DefaultClientGrantAsync(defaultFor, audience, subjectType);

    /// <summary>The connection a password-realm request names through one of its <c>realms</c> rather than its name (not cached: asked only when no connection has that name).</summary>
    public static Task<Connection?> ConnectionByRealm(RequestStorage storage, string realm) => storage.Reads.ConnectionByRealmAsync(realm);

    public static async Task<AttackProtectionRow?> AttackProtection(RequestStorage storage) =>
        (await storage.Configuration.GetAsync(storage, g => g.AttackProtection, Single, "attack_protection",
            async () => new ConfigurationCache.Single<AttackProtectionRow>(await storage.Reads.AttackProtectionAsync())))!.Value;

    public static Task<User?> UserById(RequestStorage storage, string id) => storage.Reads.UserAsync(id);

    /// <summary>The connection's user whose normalised email or username is <paramref name="login"/>.</summary>
    public static Task<User?> UserByLogin(RequestStorage storage, string connectionId, string login) => storage.Reads.UserByLoginAsync(connectionId, login);

    /// <summary>A v1 refresh token by the hash of its value (the partial index holds only those).</summary>
    public static Task<RefreshToken?> RefreshTokenByHash(RequestStorage storage, string hash) => storage.Reads.RefreshTokenByHashAsync(hash);

    /// <summary>A refresh token by its id (the one a v2 value names) with its user (null if deleted), in one statement.</summary>
    public static Task<(RefreshToken Token, User? User)?> RefreshTokenAndUserById(RequestStorage storage, string id) => storage.Reads.RefreshTokenAndUserByIdAsync(id);
}

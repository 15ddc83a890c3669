using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Storage;

/// <summary>
/// The lookups every token request makes. Configuration comes from <see cref="ConfigurationCache"/> (checked against
/// the version stamp once per request, so a change anywhere applies at once), loaded on a miss by a prepared statement;
/// refresh tokens and users from prepared statements too (<see cref="HotReads"/>). A context created outside the server's container (tools, some tests) reads
/// through EF directly. Returned objects may be shared between requests: never modify them.
/// </summary>
internal static class HotQueries
{
    private const int Single = 0;

    public static Task<Client?> ClientById(AuthDbContext db, string id) =>
        db.Configuration is { } cache
            ? cache.GetAsync(db, g => g.Clients, id, "client", () => db.Reads is { } reads ? reads.ClientAsync(db, id) : Compiled.ClientById(db, id))
            : Compiled.ClientById(db, id);

    public static async Task<TenantSettings?> Tenant(AuthDbContext db) =>
        db.Configuration is { } cache
            ? (await cache.GetAsync(db, g => g.Tenant, Single, "tenant", async () => new ConfigurationCache.Single<TenantSettings>(await (db.Reads is { } reads ? reads.TenantAsync(db) : Compiled.Tenant(db)))))!.Value
            : await Compiled.Tenant(db);

    public static Task<ResourceServer?> ApiByIdentifier(AuthDbContext db, string identifier) =>
        db.Configuration is { } cache
            ? cache.GetAsync(db, g => g.Apis, identifier, "api", () => db.Reads is { } reads ? reads.ApiAsync(db, identifier) : Compiled.ApiByIdentifier(db, identifier))
            : Compiled.ApiByIdentifier(db, identifier);

    public static Task<Connection?> ConnectionByName(AuthDbContext db, string name) =>
        db.Configuration is { } cache
            ? cache.GetAsync(db, g => g.Connections, name, "connection", () => db.Reads is { } reads ? reads.ConnectionByNameAsync(db, name) : Compiled.ConnectionByName(db, name))
            : Compiled.ConnectionByName(db, name);

    public static Task<Connection?> ConnectionById(AuthDbContext db, string id) =>
        db.Configuration is { } cache
            ? cache.GetAsync(db, g => g.ConnectionsById, id, "connection", () => db.Reads is { } reads ? reads.ConnectionByIdAsync(db, id) : Compiled.ConnectionById(db, id))
            : Compiled.ConnectionById(db, id);

    /// <summary>A client's grant for an audience and subject type (<c>client</c> for client credentials, <c>user</c> for user flows).</summary>
    public static Task<ClientGrant?> ClientGrant(AuthDbContext db, string clientId, string audience, string subjectType) =>
        db.Configuration is { } cache
            ? cache.GetAsync(db, g => g.Grants, (clientId, audience, subjectType), "client_grant", () => db.Reads is { } reads ? reads.ClientGrantAsync(db, clientId, audience, subjectType) : Compiled.ClientGrant(db, clientId, audience, subjectType))
            : Compiled.ClientGrant(db, clientId, audience, subjectType);

    /// <summary>A grant that applies to a whole class of clients (<c>default_for: third_party_clients</c>); read for third-party clients only, not cached.</summary>
    public static Task<ClientGrant?> DefaultClientGrant(AuthDbContext db, string defaultFor, string audience, string subjectType) =>
        Compiled.DefaultClientGrant(db, defaultFor, audience, subjectType);

    /// <summary>The connection a password-realm request names through one of its <c>realms</c> rather than its name (not cached: asked only when no connection has that name).</summary>
    public static Task<Connection?> ConnectionByRealm(AuthDbContext db, string realm) => Compiled.ConnectionByRealm(db, realm);

    public static async Task<AttackProtectionRow?> AttackProtection(AuthDbContext db) =>
        db.Configuration is { } cache
            ? (await cache.GetAsync(db, g => g.AttackProtection, Single, "attack_protection", async () => new ConfigurationCache.Single<AttackProtectionRow>(await (db.Reads is { } reads ? reads.AttackProtectionAsync(db) : Compiled.AttackProtection(db)))))!.Value
            : await Compiled.AttackProtection(db);

    public static Task<User?> UserById(AuthDbContext db, string id) =>
        db.Reads is { } reads ? reads.UserAsync(db, id) : Compiled.UserById(db, id);

    /// <summary>The connection's user whose normalised email or username is <paramref name="login"/>.</summary>
    public static Task<User?> UserByLogin(AuthDbContext db, string connectionId, string login) =>
        db.Reads is { } reads ? reads.UserByLoginAsync(db, connectionId, login) : Compiled.UserByLogin(db, connectionId, login);

    /// <summary>A v1 refresh token by the hash of its value (the partial index holds only those).</summary>
    public static Task<RefreshToken?> RefreshTokenByHash(AuthDbContext db, string hash) =>
        db.Reads is { } reads ? reads.RefreshTokenByHashAsync(db, hash) : Compiled.RefreshTokenByHash(db, hash);

    /// <summary>A refresh token by its id (the one a v2 value names) with its user (null if deleted): one statement where the prepared reads run.</summary>
    public static async Task<(RefreshToken Token, User? User)?> RefreshTokenAndUserById(AuthDbContext db, string id)
    {
        if (db.Reads is { } reads)
        {
            return await reads.RefreshTokenAndUserByIdAsync(db, id);
        }

        return await Compiled.RefreshTokenById(db, id) is { } token ? (token, await Compiled.UserById(db, token.UserId)) : null;
    }

    /// <summary>
    /// The same lookups through EF, compiled once (EF skips translating the expression on each call), for contexts made
    /// outside the server. Methods, not the delegates themselves: a caller that only names them does not initialise the
    /// delegates (and load EF's query pipeline) on a node that never runs them.
    /// </summary>
    private static class Compiled
    {
        public static Task<Client?> ClientById(AuthDbContext db, string id) => Queries.ClientById(db, id);

        public static Task<User?> UserById(AuthDbContext db, string id) => Queries.UserById(db, id);

        public static Task<User?> UserByLogin(AuthDbContext db, string connectionId, string login) => Queries.UserByLogin(db, connectionId, login);

        public static Task<TenantSettings?> Tenant(AuthDbContext db) => Queries.Tenant(db);

        public static Task<ResourceServer?> ApiByIdentifier(AuthDbContext db, string identifier) => Queries.ApiByIdentifier(db, identifier);

        public static Task<Connection?> ConnectionByName(AuthDbContext db, string name) => Queries.ConnectionByName(db, name);

        public static Task<Connection?> ConnectionById(AuthDbContext db, string id) => Queries.ConnectionById(db, id);

        public static Task<RefreshToken?> RefreshTokenByHash(AuthDbContext db, string hash) => Queries.RefreshTokenByHash(db, hash);

        public static Task<RefreshToken?> RefreshTokenById(AuthDbContext db, string id) => Queries.RefreshTokenById(db, id);

        public static Task<ClientGrant?> ClientGrant(AuthDbContext db, string clientId, string audience, string subjectType) =>
            Queries.ClientGrant(db, clientId, audience, subjectType);

        public static Task<ClientGrant?> DefaultClientGrant(AuthDbContext db, string defaultFor, string audience, string subjectType) =>
            Queries.DefaultClientGrant(db, defaultFor, audience, subjectType);

        public static Task<Connection?> ConnectionByRealm(AuthDbContext db, string realm) => Queries.ConnectionByRealm(db, realm);

        public static Task<AttackProtectionRow?> AttackProtection(AuthDbContext db) => Queries.AttackProtection(db);

        private static class Queries
        {
            public static readonly Func<AuthDbContext, string, Task<Client?>> ClientById =
                EF.CompileAsyncQuery((AuthDbContext db, string id) => db.Clients.AsNoTracking().FirstOrDefault(c => c.ClientId == id));

            public static readonly Func<AuthDbContext, string, Task<User?>> UserById =
                EF.CompileAsyncQuery((AuthDbContext db, string id) => db.Users.AsNoTracking().FirstOrDefault(u => u.UserId == id));

            public static readonly Func<AuthDbContext, string, string, Task<User?>> UserByLogin =
                EF.CompileAsyncQuery((AuthDbContext db, string connectionId, string login) =>
                    db.Users.AsNoTracking().FirstOrDefault(u => u.ConnectionId == connectionId && (u.NormalizedEmail == login || u.NormalizedUsername == login)));

            public static readonly Func<AuthDbContext, Task<TenantSettings?>> Tenant =
                EF.CompileAsyncQuery((AuthDbContext db) => db.TenantSettings.AsNoTracking().OrderBy(t => t.Id).FirstOrDefault());

            public static readonly Func<AuthDbContext, string, Task<ResourceServer?>> ApiByIdentifier =
                EF.CompileAsyncQuery((AuthDbContext db, string identifier) => db.ResourceServers.AsNoTracking().FirstOrDefault(r => r.Identifier == identifier));

            public static readonly Func<AuthDbContext, string, Task<Connection?>> ConnectionByName =
                EF.CompileAsyncQuery((AuthDbContext db, string name) => db.Connections.AsNoTracking().FirstOrDefault(c => c.Name == name));

            public static readonly Func<AuthDbContext, string, Task<Connection?>> ConnectionById =
                EF.CompileAsyncQuery((AuthDbContext db, string id) => db.Connections.AsNoTracking().FirstOrDefault(c => c.Id == id));

            public static readonly Func<AuthDbContext, string, Task<RefreshToken?>> RefreshTokenByHash =
                EF.CompileAsyncQuery((AuthDbContext db, string hash) => db.RefreshTokens.AsNoTracking().FirstOrDefault(t => t.TokenHash == hash && t.Format == Tokens.RefreshTokenValues.ByHash));

            public static readonly Func<AuthDbContext, string, Task<RefreshToken?>> RefreshTokenById =
                EF.CompileAsyncQuery((AuthDbContext db, string id) => db.RefreshTokens.AsNoTracking().FirstOrDefault(t => t.Id == id));

            public static readonly Func<AuthDbContext, string, string, string, Task<ClientGrant?>> ClientGrant =
                EF.CompileAsyncQuery((AuthDbContext db, string clientId, string audience, string subjectType) =>
                    db.ClientGrants.AsNoTracking().FirstOrDefault(g => g.ClientId == clientId && g.Audience == audience && g.SubjectType == subjectType));

            public static readonly Func<AuthDbContext, string, string, string, Task<ClientGrant?>> DefaultClientGrant =
                EF.CompileAsyncQuery((AuthDbContext db, string defaultFor, string audience, string subjectType) =>
                    db.ClientGrants.AsNoTracking().FirstOrDefault(g => g.DefaultFor == defaultFor && g.Audience == audience && g.SubjectType == subjectType));

            public static readonly Func<AuthDbContext, string, Task<Connection?>> ConnectionByRealm =
                EF.CompileAsyncQuery((AuthDbContext db, string realm) => db.Connections.AsNoTracking().FirstOrDefault(c => c.Realms.Contains(realm)));

            public static readonly Func<AuthDbContext, Task<AttackProtectionRow?>> AttackProtection =
                EF.CompileAsyncQuery((AuthDbContext db) => db.AttackProtection.AsNoTracking().OrderBy(r => r.Id).FirstOrDefault());
        }
    }
}

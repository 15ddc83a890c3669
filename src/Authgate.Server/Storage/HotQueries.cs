using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Storage;

/// <summary>
/// The lookups every token request makes, compiled once: EF skips translating the expression on each call, which is
/// a large share of a small query's cost.
/// </summary>
internal static class HotQueries
{
    public static readonly Func<AuthDbContext, string, Task<Client?>> ClientById =
        EF.CompileAsyncQuery((AuthDbContext db, string id) => db.Clients.AsNoTracking().FirstOrDefault(c => c.ClientId == id));

    public static readonly Func<AuthDbContext, string, Task<User?>> UserById =
        EF.CompileAsyncQuery((AuthDbContext db, string id) => db.Users.AsNoTracking().FirstOrDefault(u => u.UserId == id));

    public static readonly Func<AuthDbContext, Task<TenantSettings?>> Tenant =
        EF.CompileAsyncQuery((AuthDbContext db) => db.TenantSettings.AsNoTracking().FirstOrDefault());

    public static readonly Func<AuthDbContext, string, Task<ResourceServer?>> ApiByIdentifier =
        EF.CompileAsyncQuery((AuthDbContext db, string identifier) => db.ResourceServers.AsNoTracking().FirstOrDefault(r => r.Identifier == identifier));

    public static readonly Func<AuthDbContext, string, Task<Connection?>> ConnectionByName =
        EF.CompileAsyncQuery((AuthDbContext db, string name) => db.Connections.AsNoTracking().FirstOrDefault(c => c.Name == name));

    public static readonly Func<AuthDbContext, string, Task<RefreshToken?>> RefreshTokenByHash =
        EF.CompileAsyncQuery((AuthDbContext db, string hash) => db.RefreshTokens.AsNoTracking().FirstOrDefault(t => t.TokenHash == hash));

    /// <summary>A client's grant for an audience and subject type (<c>client</c> for client credentials, <c>user</c> for user flows).</summary>
    public static readonly Func<AuthDbContext, string, string, string, Task<ClientGrant?>> ClientGrant =
        EF.CompileAsyncQuery((AuthDbContext db, string clientId, string audience, string subjectType) =>
            db.ClientGrants.AsNoTracking().FirstOrDefault(g => g.ClientId == clientId && g.Audience == audience && g.SubjectType == subjectType));

    /// <summary>A grant that applies to a whole class of clients (<c>default_for: third_party_clients</c>).</summary>
    public static readonly Func<AuthDbContext, string, string, string, Task<ClientGrant?>> DefaultClientGrant =
        EF.CompileAsyncQuery((AuthDbContext db, string defaultFor, string audience, string subjectType) =>
            db.ClientGrants.AsNoTracking().FirstOrDefault(g => g.DefaultFor == defaultFor && g.Audience == audience && g.SubjectType == subjectType));

    /// <summary>The connection a password-realm request names through one of its <c>realms</c> rather than its name.</summary>
    public static readonly Func<AuthDbContext, string, Task<Connection?>> ConnectionByRealm =
        EF.CompileAsyncQuery((AuthDbContext db, string realm) => db.Connections.AsNoTracking().FirstOrDefault(c => c.Realms.Contains(realm)));
}

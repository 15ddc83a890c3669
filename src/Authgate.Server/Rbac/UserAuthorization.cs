using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Rbac;

/// <summary>
/// What RBAC knows about a user at token time: the permissions on one API (held directly or through roles) and the
/// names of the user's roles. Compiled queries, two index lookups each: this runs on every token of an API that
/// enforces policies or uses a <c>*_authz</c> dialect.
/// </summary>
internal sealed class UserAuthorization(AuthDbContext db)
{
    private static readonly Func<AuthDbContext, string, string, IAsyncEnumerable<string>> PermissionsQuery =
        EF.CompileAsyncQuery((AuthDbContext db, string userId, string audience) =>
            db.UserPermissions.Where(p => p.UserId == userId && p.Audience == audience).Select(p => p.PermissionName)
                .Union(db.UserRoles.Where(r => r.UserId == userId)
                    .Join(db.RolePermissions.Where(p => p.Audience == audience), r => r.RoleId, p => p.RoleId, (r, p) => p.PermissionName)));

    private static readonly Func<AuthDbContext, string, IEnumerable<string>> RoleNamesQuery =
        EF.CompileQuery((AuthDbContext db, string userId) =>
            db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, r => r.RoleId, role => role.Id, (r, role) => role.Name));

    /// <param name="audience">The API's stored identifier.</param>
    public async Task<HashSet<string>> PermissionsAsync(string userId, string audience, CancellationToken cancellationToken)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var name in PermissionsQuery(db, userId, audience).WithCancellation(cancellationToken))
        {
            result.Add(name);
        }

        return result;
    }

    /// <summary>
    /// The user's role names in order. Synchronous: it is read from inside a running script, the first time the script
    /// looks at <c>event.authorization</c> (see <see cref="Actions.LoginFacts"/>).
    /// </summary>
    public List<string> RoleNames(string userId)
    {
        var result = RoleNamesQuery(db, userId).ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}

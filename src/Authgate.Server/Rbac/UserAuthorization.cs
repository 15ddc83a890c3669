using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Rbac;

/// <summary>
/// What RBAC knows about a user at token time: the permissions on one API (held directly or through roles), read as a
/// prepared statement (<see cref="HotReads.PermissionsAsync"/>) because it runs on every token of an API that enforces
/// policies or uses a <c>*_authz</c> dialect, and the names of the user's roles, read only when a script asks.
/// </summary>
internal sealed class UserAuthorization(RequestStorage storage, HotReads reads)
{
    /// <param name="audience">The API's stored identifier.</param>
    public Task<HashSet<string>> PermissionsAsync(string userId, string audience) => reads.PermissionsAsync(userId, audience);

    /// <summary>
    /// The user's role names in order. Synchronous: it is read from inside a running script, the first time the script
    /// looks at <c>event.authorization</c> (see <see cref="Actions.LoginFacts"/>).
    /// </summary>
    public List<string> RoleNames(string userId)
    {
        // EF, on the context made for it: only a script that reads the user's roles gets here.
        var result = Queries.RoleNames(storage.Context, userId).ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>In a class of its own: initialised by the first script that asks, not by the first token.</summary>
    private static class Queries
    {
        public static readonly Func<AuthDbContext, string, IEnumerable<string>> RoleNames =
            EF.CompileQuery((AuthDbContext db, string userId) =>
                db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, r => r.RoleId, role => role.Id, (r, role) => role.Name));
    }
}

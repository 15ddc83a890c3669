using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Connections;

/// <summary>The password directories indexed by strategy, and the bookkeeping every successful login shares.</summary>
internal sealed class PasswordDirectories(IEnumerable<IPasswordDirectory> directories, AuthDbContext db, WriteGate writes, TimeProvider time)
{
    private readonly Dictionary<string, IPasswordDirectory> byStrategy = directories.ToDictionary(d => d.Strategy, StringComparer.Ordinal);

    /// <summary>Whether connections of <paramref name="strategy"/> can check passwords.</summary>
    public bool Supports(string strategy) => byStrategy.ContainsKey(strategy);

    /// <summary>
    /// The connection's local user with this email or username, or null. Looked up before the password check so attack
    /// protection counts failures per account, whichever of its names is typed (LDAP profiles keep the directory's
    /// email and username, so this holds for directory users who signed in before).
    /// </summary>
    public Task<User?> FindAsync(Connection connection, string username, CancellationToken cancellationToken)
    {
        var normalized = LoginNames.Normalize(username);
        return db.Users.FirstOrDefaultAsync(
            u => u.ConnectionId == connection.Id && (u.NormalizedEmail == normalized || u.NormalizedUsername == normalized),
            cancellationToken);
    }

    public Task<LoginResult> AuthenticateAsync(Connection connection, User? account, string username, string password, string caller, CancellationToken cancellationToken) =>
        byStrategy.TryGetValue(connection.Strategy, out var directory)
            ? directory.AuthenticateAsync(connection, account, username, password, caller, cancellationToken)
            : throw new InvalidOperationException($"No password directory for strategy '{connection.Strategy}'.");

    /// <summary>Records a login that passed every check. Auth0 counts it as a profile update, so updated_at follows last_login.</summary>
    public async Task RecordLoginAsync(User user, string? ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.Users.Where(u => u.UserId == user.UserId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LastLogin, now)
            .SetProperty(u => u.LastIp, ip)
            .SetProperty(u => u.UpdatedAt, now)
            .SetProperty(u => u.LoginsCount, u => u.LoginsCount + 1), cancellationToken);
        }

        user.LastLogin = now;
        user.LastIp = ip;
        user.UpdatedAt = now;
        user.LoginsCount++;
    }
}

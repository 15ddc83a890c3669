using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Connections;

/// <summary>
/// Checks a username (or email) and password against a database connection's users. An unknown user costs one
/// dummy hash, like a wrong password, so the answer and its timing do not tell them apart.
/// </summary>
internal sealed class DatabaseConnection(AuthDbContext db, WriteGate writes, PasswordHashing hashing, TimeProvider time)
{
    /// <summary>
    /// The connection's user with this email or username, or null. Looked up before the password check so attack
    /// protection counts failures per account, whichever of its names is typed.
    /// </summary>
    public Task<User?> FindAsync(Connection connection, string username, CancellationToken cancellationToken)
    {
        var normalized = Normalize(username);
        return db.Users.FirstOrDefaultAsync(
            u => u.ConnectionId == connection.Id && (u.NormalizedEmail == normalized || u.NormalizedUsername == normalized),
            cancellationToken);
    }

    /// <param name="user">The user <see cref="FindAsync"/> found, or null (checked against a dummy hash).</param>
    /// <param name="caller">Whose turn in the hashing lane this check takes (client and IP).</param>
    public async Task<LoginResult> AuthenticateAsync(User? user, string password, string caller, CancellationToken cancellationToken)
    {
        var verification = await hashing.VerifyAsync(user?.PasswordHash, password, caller);
        if (verification == PasswordVerification.Rejected)
        {
            return new LoginResult(user, LoginOutcome.Rejected);
        }

        if (user is null)
        {
            return new LoginResult(null, LoginOutcome.UnknownUser);
        }

        if (verification == PasswordVerification.Failed)
        {
            return new LoginResult(user, LoginOutcome.WrongPassword);
        }

        // Checked only after the password so a blocked account is not revealed to someone guessing.
        if (user.Blocked)
        {
            return new LoginResult(user, LoginOutcome.Blocked);
        }

        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            var rehashed = hashing.Hash(password);
            using var write = await writes.EnterAsync(cancellationToken);
            await db.Users.Where(u => u.UserId == user.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, rehashed), cancellationToken);
        }

        return new LoginResult(user, LoginOutcome.Success);
    }

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

    public static string Normalize(string value) => value.Trim().ToLowerInvariant();
}

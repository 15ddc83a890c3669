using Authgate.Storage;
using Authgate.Storage.Entities;

namespace Authgate.Connections;

/// <summary>The password directories indexed by the kind of connection they serve, and the bookkeeping every successful login shares.</summary>
internal sealed class PasswordDirectories(IEnumerable<IPasswordDirectory> directories, RequestStorage storage, GroupCommit commits, TimeProvider time)
{
    /// <summary>The kind of a database connection whose passwords its custom scripts check (Auth0's "Use my own database").</summary>
    public const string CustomDatabase = "auth0-custom-database";

    private readonly Dictionary<string, IPasswordDirectory> byKind = directories.ToDictionary(d => d.Kind, StringComparer.Ordinal);

    /// <summary>Which directory checks the connection's passwords: its strategy, except database connections with custom scripts.</summary>
    public static string KindOf(Connection connection) =>
        connection.Strategy == Strategies.Auth0 && ConnectionOptions.Parse(connection.OptionsJson).EnabledDatabaseCustomization == true
            ? CustomDatabase
            : connection.Strategy;

    /// <summary>Whether the connection's passwords can be checked (its strategy, or its custom scripts, has a directory).</summary>
    public bool Supports(Connection connection) => byKind.ContainsKey(KindOf(connection));

    /// <summary>
    /// The connection's local user with this email or username, or null. Looked up before the password check so attack
    /// protection counts failures per account, whichever of its names is typed (LDAP profiles keep the directory's
    /// email and username, so this holds for directory users who signed in before).
    /// </summary>
    public Task<User?> FindAsync(Connection connection, string username, CancellationToken cancellationToken) =>
        HotQueries.UserByLogin(storage, connection.Id, LoginNames.Normalize(username)).WaitAsync(cancellationToken);

    public Task<LoginResult> AuthenticateAsync(Connection connection, User? account, string username, string password, string caller, CancellationToken cancellationToken) =>
        byKind.TryGetValue(KindOf(connection), out var directory)
            ? directory.AuthenticateAsync(connection, account, username, password, caller, cancellationToken)
            : throw new InvalidOperationException($"No password directory for strategy '{connection.Strategy}'.");

    /// <summary>Records a login that passed every check. Auth0 counts it as a profile update, so updated_at follows last_login.</summary>
    public async Task RecordLoginAsync(User user, string? ip, CancellationToken cancellationToken)
    {
        var clock = time.GetUtcNow();
        var now = clock.UtcDateTime;
        // Committed with the other logins and rotations of the moment (group commit), before the tokens are returned.
        await commits.WriteStatementAsync("login_record", batch =>
        {
            var update = batch.Command(RecordLoginSql, "@now", "@ip", "@id");
            update.Parameters[0].Value = clock.ToUnixTimeMilliseconds();
            update.Parameters[1].Value = (object?)ip ?? DBNull.Value;
            update.Parameters[2].Value = user.UserId;
            return update;
        }).WaitAsync(cancellationToken);

        user.LastLogin = now;
        user.LastIp = ip;
        user.UpdatedAt = now;
        user.LoginsCount++;
    }

    private const string RecordLoginSql =
        "UPDATE users SET last_login = @now, last_ip = @ip, updated_at = @now, logins_count = logins_count + 1 WHERE user_id = @id";
}

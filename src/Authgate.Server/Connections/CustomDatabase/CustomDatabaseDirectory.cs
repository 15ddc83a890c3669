using Authgate.OAuth;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Connections.CustomDatabase;

/// <summary>
/// A database connection with <c>enabledDatabaseCustomization</c>: its <c>login</c> script checks passwords.
/// <list type="bullet">
/// <item>With <c>import_mode</c> (lazy migration), a user Authgate already holds with a password is checked like any
/// database user and the script is never called for them again; any other login runs the script, and on success the
/// user is created (or completed) locally under the script's <c>user_id</c> with the typed password hashed by Authgate.</item>
/// <item>Without it, every login runs the script; the profile is kept locally (no password), refreshed at each login,
/// so refresh tokens, blocks, Actions and logs work as for database users.</item>
/// </list>
/// A script that fails, throws or hits a limit is <see cref="LoginOutcome.DirectoryUnavailable"/> (not a failed login).
/// </summary>
internal sealed partial class CustomDatabaseDirectory(
    RequestStorage storage,
    WriteGate writes,
    PasswordHashing hashing,
    DatabaseDirectory database,
    CustomDatabases databases,
    CustomScripts scripts,
    TimeProvider time,
    ILogger<CustomDatabaseDirectory> logger) : IPasswordDirectory
{
    public string Kind => PasswordDirectories.CustomDatabase;

    public async Task<LoginResult> AuthenticateAsync(Connection connection, User? account, string username, string password, string caller, CancellationToken cancellationToken)
    {
        var setup = databases.For(connection);
        if (setup.ImportMode && account?.PasswordHash is not null)
        {
            // Migrated: Authgate's own hash decides, the old system is not asked again.
            return await database.AuthenticateAsync(connection, account, username, password, caller, cancellationToken);
        }

        if (setup.Problem is { } problem)
        {
            ScriptFailed(logger, connection.Name, "login", problem);
            return new LoginResult(account, LoginOutcome.DirectoryUnavailable) { Error = OAuthErrors.CustomDatabaseFailed() };
        }

        if (username.Length == 0 || password.Length == 0)
        {
            return new LoginResult(account, account is null ? LoginOutcome.UnknownUser : LoginOutcome.WrongPassword);
        }

        var run = await scripts.LoginAsync(setup, username, password, cancellationToken);
        var details = run.Details();
        switch (run.Verdict)
        {
            case CustomScriptVerdict.WrongCredentials:
                // Auth0 logs a truthy first argument as a wrong password for auth0|<argument>, a falsy one as an unknown user.
                // The stand-in names the account for the log only; it has no email, so no block notice is ever sent to a typed name.
                var known = account ?? (run.Code is { } id
                    ? new User { UserId = ScriptProfile.Prefix + ScriptProfile.ScriptId(id), ConnectionId = connection.Id, Username = username }
                    : null);
                return new LoginResult(known, known is null ? LoginOutcome.UnknownUser : LoginOutcome.WrongPassword) { Details = details };
            case CustomScriptVerdict.Done when run.Value is null or System.Text.Json.Nodes.JsonValue:
                // callback(null) or callback(null, false): no such user, or not this password.
                return new LoginResult(account, account is null ? LoginOutcome.UnknownUser : LoginOutcome.WrongPassword) { Details = details };
            case CustomScriptVerdict.Unauthorized:
                return Unavailable(account, OAuthErrors.RuleUnauthorized(run.Message ?? "Unauthorized"), details);
            case CustomScriptVerdict.Busy:
                return Unavailable(account, OAuthErrors.ScriptsBusy(), details);
            case not CustomScriptVerdict.Done:
                ScriptFailed(logger, connection.Name, "login", run.Limit ?? run.Verdict.ToString());
                return Unavailable(account, OAuthErrors.CustomDatabaseFailed(run.Limit), details);
        }

        var (profile, invalid) = ScriptProfile.Read(run.Value);
        if (profile is null)
        {
            details["custom_database"]!["outcome"] = "invalid_profile";
            details["custom_database"]!["message"] = invalid;
            ScriptFailed(logger, connection.Name, "login", "invalid profile: " + invalid);
            return Unavailable(account, OAuthErrors.CustomDatabaseFailed(), details);
        }

        var local = account ?? await storage.Context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == profile.UserId, cancellationToken);
        if (local is not null && (local.UserId != profile.UserId || local.ConnectionId != connection.Id))
        {
            UserConflict(logger, connection.Name, profile.UserId);
            return Unavailable(account, OAuthErrors.CustomDatabaseUserExists(), details);
        }

        if (setup.ImportMode && local?.PasswordHash is not null)
        {
            // Already migrated (signed in before under another name): its own password decides, never the old system's.
            return await database.AuthenticateAsync(connection, local, username, password, caller, cancellationToken) with { Details = details };
        }

        var user = await SaveAsync(connection, profile, local, setup.ImportMode ? hashing.Hash(password) : null, cancellationToken);
        if (user is null)
        {
            UserConflict(logger, connection.Name, profile.UserId);
            return Unavailable(account, OAuthErrors.CustomDatabaseUserExists(), details);
        }

        return new LoginResult(user, user.Blocked ? LoginOutcome.Blocked : LoginOutcome.Success) { Details = details };
    }

    private static LoginResult Unavailable(User? account, OAuthError error, System.Text.Json.Nodes.JsonObject details) =>
        new(account, LoginOutcome.DirectoryUnavailable) { Error = error, Details = details };

    /// <summary>
    /// Creates the local user, or refreshes its root attributes (and sets the migrated password); null when the email or
    /// username belongs to another user of the connection.
    /// </summary>
    private async Task<User?> SaveAsync(Connection connection, ScriptProfile profile, User? local, string? passwordHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (local is not null && passwordHash is null && profile.Matches(local))
        {
            return local;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        try
        {
            if (local is not null)
            {
                var user = new User { UserId = local.UserId, ConnectionId = local.ConnectionId };
                profile.CopyTo(user);
                await storage.Context.Users.Where(u => u.UserId == local.UserId).ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.Email, user.Email)
                    .SetProperty(u => u.NormalizedEmail, user.NormalizedEmail)
                    .SetProperty(u => u.Username, user.Username)
                    .SetProperty(u => u.NormalizedUsername, user.NormalizedUsername)
                    .SetProperty(u => u.EmailVerified, user.EmailVerified)
                    .SetProperty(u => u.Name, user.Name)
                    .SetProperty(u => u.GivenName, user.GivenName)
                    .SetProperty(u => u.FamilyName, user.FamilyName)
                    .SetProperty(u => u.Nickname, user.Nickname)
                    .SetProperty(u => u.Picture, user.Picture)
                    .SetProperty(u => u.PasswordHash, u => passwordHash ?? u.PasswordHash)
                    .SetProperty(u => u.PasswordChangedAt, u => passwordHash == null ? u.PasswordChangedAt : now)
                    .SetProperty(u => u.UpdatedAt, now), cancellationToken);
                return await storage.Context.Users.AsNoTracking().FirstAsync(u => u.UserId == local.UserId, cancellationToken);
            }

            storage.Context.Users.Add(profile.NewUser(connection, now, passwordHash));
            await storage.Context.SaveChangesAsync(cancellationToken);
            return await storage.Context.Users.AsNoTracking().FirstAsync(u => u.UserId == profile.UserId, cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Another node created the same user at the same moment (then it is there now), or the email or username
            // belongs to another user of the connection (then it is not).
            storage.Context.ChangeTracker.Clear();
            return await storage.Context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == profile.UserId && u.ConnectionId == connection.Id, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 5600, Level = LogLevel.Warning, Message = "The {Script} script of connection {Connection} failed: {Reason}")]
    private static partial void ScriptFailed(ILogger logger, string connection, string script, string reason);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Warning, Message = "The login script of connection {Connection} returned {UserId}, whose email or username belongs to another user")]
    private static partial void UserConflict(ILogger logger, string connection, string userId);
}

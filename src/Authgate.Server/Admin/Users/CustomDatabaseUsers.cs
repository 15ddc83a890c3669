using System.Text.Json.Nodes;
using Authgate.Connections;
using Authgate.Connections.CustomDatabase;
using Authgate.Storage.Entities;

namespace Authgate.Admin.Users;

/// <summary>
/// What a custom database connection's scripts decide when users are managed through the Management API or the CLI,
/// where Auth0 runs them:
/// <list type="bullet">
/// <item>creating a user: <c>get_user</c> (when the connection has one) must not know the email, as at Auth0, so nobody
/// takes the address of a user who has not migrated yet; without import mode <c>create</c> then writes the user to the
/// old system and <c>login</c> confirms it and gives its <c>user_id</c> and profile (the local copy keeps no password);</item>
/// <item>changing a password without import mode: <c>change_password</c> (the password is not stored locally);</item>
/// <item>deleting: <c>delete</c> with the user's id without <c>auth0|</c>; a failure keeps the user.</item>
/// </list>
/// Errors use Auth0's <c>auth0_idp_error</c> code with the script's message: only administrators see them. The
/// <c>create</c> script's user has no <c>client_id</c>: the caller is an administrator, not an application.
/// </summary>
internal sealed class CustomDatabaseUsers(CustomDatabases databases, CustomScripts scripts, Hosting.Issuer issuer)
{
    private const string IdpError = "auth0_idp_error";

    /// <summary>Whether the connection's users are checked by custom scripts (then the other methods apply).</summary>
    public static bool Applies(Connection connection) => PasswordDirectories.KindOf(connection) == PasswordDirectories.CustomDatabase;

    /// <summary>
    /// Before <paramref name="user"/> (built from the request) is stored: an error, or the user to store. Without import
    /// mode that is the old system's profile, without a password hash.
    /// </summary>
    public async Task<AdminResult<User>> CreateAsync(Connection connection, User user, string? password, CancellationToken cancellationToken)
    {
        var setup = databases.For(connection);
        if (setup.Problem is not null)
        {
            return Failed("The connection's scripts cannot run: " + setup.Problem);
        }

        if (user.Email is { } email && setup.Scripts.ContainsKey("get_user"))
        {
            var existing = await scripts.GetUserAsync(setup, email, cancellationToken);
            if (Refusal(existing) is { } refused)
            {
                return refused;
            }

            if (existing.Value is JsonObject)
            {
                return Exists();
            }
        }

        if (setup.ImportMode)
        {
            return user;
        }

        if (password is null)
        {
            return AdminError.Invalid(Admin.Schemas.FieldError.Missing("password"));
        }

        var payload = new JsonObject
        {
            ["email"] = user.Email,
            ["username"] = user.Username,
            ["password"] = password,
            ["email_verified"] = user.EmailVerified,
            ["tenant"] = issuer.Host,
            ["connection"] = connection.Name,
            ["user_metadata"] = Json.StoredJson.ParseObject(user.UserMetadataJson),
            ["app_metadata"] = Json.StoredJson.ParseObject(user.AppMetadataJson),
        };
        var created = await scripts.CreateAsync(setup, payload, cancellationToken);
        if (created.Verdict == CustomScriptVerdict.Invalid && created.Code == "user_exists")
        {
            return Exists();
        }

        if (Refusal(created) is { } notCreated)
        {
            return notCreated;
        }

        // Auth0 then runs login to confirm the user exists and to learn its user_id and profile.
        var login = await scripts.LoginAsync(setup, user.Email ?? user.Username ?? "", password, cancellationToken);
        if (Refusal(login) is { } refusedLogin)
        {
            return refusedLogin;
        }

        var (profile, invalid) = ScriptProfile.Read(login.Value);
        if (profile is null)
        {
            return Failed("The login script does not confirm the new user: " + invalid);
        }

        var stored = new User
        {
            UserId = profile.UserId,
            ConnectionId = connection.Id,
            Blocked = user.Blocked,
            AppMetadataJson = profile.AppMetadata?.ToJsonString() ?? user.AppMetadataJson,
            UserMetadataJson = profile.UserMetadata?.ToJsonString() ?? user.UserMetadataJson,
            CreatedAt = user.CreatedAt,
            UpdatedAt = user.UpdatedAt,
        };
        profile.CopyTo(stored);
        return stored;
    }

    /// <summary>
    /// A password change: with import mode the caller stores the new hash (null, true); without it the
    /// <c>change_password</c> script changes it in the old system and nothing is stored (null, false).
    /// </summary>
    public async Task<(AdminError? Error, bool StoreHash)> ChangePasswordAsync(Connection connection, User user, string password, CancellationToken cancellationToken)
    {
        var setup = databases.For(connection);
        if (setup.ImportMode)
        {
            return (null, true);
        }

        if (user.Email is not { } email)
        {
            return (Failed("The change_password script needs the user's email."), false);
        }

        var changed = await scripts.ChangePasswordAsync(setup, email, password, cancellationToken);
        if (Refusal(changed) is { } refused)
        {
            return (refused, false);
        }

        return changed.Value is JsonValue value && value.TryGetValue<bool>(out var done) && done
            ? (null, false)
            : (Failed("The change_password script did not change the password."), false);
    }

    /// <summary>Before the local user is deleted: the <c>delete</c> script, when there is one; without import mode it is required.</summary>
    public async Task<AdminError?> DeleteAsync(Connection connection, User user, CancellationToken cancellationToken)
    {
        var setup = databases.For(connection);
        if (!setup.Scripts.ContainsKey("delete"))
        {
            // With import mode the local user is Authgate's own; the old system keeps its copy (see docs/MIGRATING.md).
            return setup.ImportMode ? null : Failed("The connection has no delete script: without import_mode its users live in the old system.");
        }

        return Refusal(await scripts.DeleteAsync(setup, ScriptProfile.ScriptId(user.UserId), cancellationToken));
    }

    private static AdminError? Refusal(CustomScriptResult result) => result.Verdict switch
    {
        CustomScriptVerdict.Done => null,
        CustomScriptVerdict.Busy => AdminError.Unavailable(),
        CustomScriptVerdict.Missing => Failed($"The connection has no {result.Script} script."),
        _ => Failed($"The {result.Script} script failed: {result.Limit ?? result.Message ?? "no message"}"),
    };

    private static AdminError Exists() => UserService.Exists();

    private static AdminError Failed(string message) => AdminError.BadRequest(message, IdpError);
}

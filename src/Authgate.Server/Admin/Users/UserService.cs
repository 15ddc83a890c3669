using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Connections;
using Authgate.Connections.Hashes;
using Authgate.Protection;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Users;

/// <summary>
/// Users of database connections: validate (the connection's password policy and username rules included),
/// create, change (metadata merged one level deep, as at Auth0), delete and read them; for the Management API, the
/// CLI and tenant files alike.
/// </summary>
internal sealed partial class UserService(
    AuthDbContext db,
    PasswordHashing hashing,
    BreachedPasswordPolicy breached,
    CustomDatabaseUsers customDatabase,
    TimeProvider time)
{
    /// <summary>user_metadata and app_metadata together, serialized (Auth0 allows 16 MB; Authgate keeps profiles small).</summary>
    public const int MaxMetadataBytes = 1024 * 1024;

    /// <summary>Names Auth0 does not allow at the top of app_metadata.</summary>
    private static readonly HashSet<string> ReservedAppMetadata =
    [
        "__tenant", "_id", "blocked", "clientID", "created_at", "email_verified", "email", "globalClientID", "global_client_id",
        "identities", "lastIP", "lastLogin", "loginsCount", "metadata", "multifactor_last_modified", "multifactor", "updated_at", "user_id",
    ];

    public static AdminError NotFound() => AdminError.NotFound("The user does not exist.", "inexistent_user");

    public static AdminError Exists() => AdminError.Conflict("The user already exists.", "auth0_idp_error");

    public static AdminError Leaked() =>
        AdminError.BadRequest("This password has previously been disclosed through a data breach (not in this application). Choose another one.", "password_leaked");

    public async Task<AdminResult<ListPage>> ListAsync(ListQuery query, UserQuery filter, CancellationToken cancellationToken)
    {
        var rows = db.Users.AsNoTracking();
        if (filter.Search is { Length: > 0 } search)
        {
            var match = SearchPattern().Match(search.Trim());
            if (!match.Success)
            {
                return AdminError.BadQuery("Query validation error: supported queries are field:value or field:\"value\" for email, username, user_id, connection, name.");
            }

            var value = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value;
            var normalized = LoginNames.Normalize(value);
            rows = match.Groups["field"].Value switch
            {
                "email" => rows.Where(u => u.NormalizedEmail == normalized),
                "username" => rows.Where(u => u.NormalizedUsername == normalized),
                "user_id" => rows.Where(u => u.UserId == value),
                "name" => rows.Where(u => u.Name == value),
                _ => rows.Where(u => db.Connections.Any(c => c.Id == u.ConnectionId && c.Name == value)),
            };
        }

        if (filter.Connection is { Length: > 0 } connection)
        {
            rows = rows.Where(u => db.Connections.Any(c => c.Id == u.ConnectionId && c.Name == connection));
        }

        var sort = SortPattern().Match(filter.Sort ?? "created_at:1");
        if (!sort.Success)
        {
            return AdminError.BadQuery("Query validation error: sort must be field:1 or field:-1 (created_at, updated_at, last_login, email, name, user_id).");
        }

        var descending = sort.Groups["order"].Value == "-1";
        IOrderedQueryable<User> Order(IQueryable<User> q) => (sort.Groups["field"].Value, descending) switch
        {
            ("updated_at", false) => q.OrderBy(u => u.UpdatedAt).ThenBy(u => u.UserId),
            ("updated_at", true) => q.OrderByDescending(u => u.UpdatedAt).ThenBy(u => u.UserId),
            ("last_login", false) => q.OrderBy(u => u.LastLogin).ThenBy(u => u.UserId),
            ("last_login", true) => q.OrderByDescending(u => u.LastLogin).ThenBy(u => u.UserId),
            ("email", false) => q.OrderBy(u => u.NormalizedEmail).ThenBy(u => u.UserId),
            ("email", true) => q.OrderByDescending(u => u.NormalizedEmail).ThenBy(u => u.UserId),
            ("name", false) => q.OrderBy(u => u.Name).ThenBy(u => u.UserId),
            ("name", true) => q.OrderByDescending(u => u.Name).ThenBy(u => u.UserId),
            ("user_id", false) => q.OrderBy(u => u.UserId),
            ("user_id", true) => q.OrderByDescending(u => u.UserId),
            (_, true) => q.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.UserId),
            _ => q.OrderBy(u => u.CreatedAt).ThenBy(u => u.UserId),
        };

        return await ListReader.ReadAsync(rows, query, Order, u => u.UserId, ViewsAsync, cancellationToken);
    }

    public async Task<AdminResult<JsonObject>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == id, cancellationToken);
        return user is null ? NotFound() : (await ViewsAsync([user]))[0];
    }

    /// <summary><c>GET /users-by-email</c>: every user with this email, in any connection.</summary>
    public async Task<List<JsonObject>> ByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = LoginNames.Normalize(email);
        return await ViewsAsync(await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken));
    }

    /// <summary>
    /// Validates a <c>POST</c> body (or a tenant-file user with <paramref name="import"/>) and builds the row, without
    /// saving. The password is hashed here, with the server's Argon2id settings.
    /// </summary>
    /// <param name="resolveConnection">Finds a connection by name; null when there is none.</param>
    public AdminResult<User> Prepare(JsonNode? body, Func<string, Connection?> resolveConnection, bool import = false)
    {
        if (!AdminBody.Validate(import ? UserSchema.Import : UserSchema.Create, body).TryGet(out var state, out var error))
        {
            return error;
        }

        var connectionName = state.String("connection") ?? "";
        var connection = resolveConnection(connectionName);
        if (connection is null)
        {
            return AdminError.BadRequest("The connection does not exist.", "inexistent_connection");
        }

        var directory = connection.Strategy == Strategies.Ad;
        if (connection.Strategy != Strategies.Auth0 && !directory)
        {
            return AdminError.BadRequest($"Users can only be created in database connections; {connectionName} is a {connection.Strategy} connection.", "operation_not_supported");
        }

        var options = ConnectionOptions.Parse(connection.OptionsJson);
        var errors = new List<FieldError>();
        var email = state.String("email");
        var username = state.String("username");
        if (email is null && username is null)
        {
            errors.Add(FieldError.Missing("email"));
        }

        if (options.RequiresUsername == true && username is null)
        {
            errors.Add(FieldError.Missing("username"));
        }

        errors.AddRange(UsernameRules(username, connection));
        errors.AddRange(MetadataRules(state.Obj("user_metadata"), state.Obj("app_metadata")));
        if (state.String("user_id") is { } chosen && chosen.Any(char.IsControl))
        {
            errors.Add(FieldError.At("user_id", $"String does not match pattern ^\\S*$: {chosen}"));
        }

        string? passwordHash;
        if (directory)
        {
            // The directory checks the password: a profile of an LDAP connection never holds one here.
            if (state.String("password") is not null || state.String("password_hash") is not null)
            {
                errors.Add(FieldError.At("password", $"Users of an LDAP connection ({connectionName}) sign in with their directory password"));
            }

            passwordHash = null;
        }
        else if (import && state.String("password_hash") is { } imported && state.String("password") is null)
        {
            if (!HashFormats.IsValid(imported))
            {
                errors.Add(FieldError.At("password_hash", "Not a password hash Authgate can verify (Argon2, bcrypt $2a$/$2b$/$2y$, PBKDF2, or RFC 2307 {SSHA}...)"));
            }

            passwordHash = imported;
        }
        else if (state.String("password") is { } password)
        {
            if (PasswordPolicy.Check(password, options) is { } weak)
            {
                return errors.Count > 0 ? AdminError.Invalid(errors) : AdminError.BadRequest(weak, "invalid_password");
            }

            passwordHash = errors.Count > 0 ? null : hashing.Hash(password);
        }
        else
        {
            errors.Add(FieldError.Missing("password"));
            passwordHash = null;
        }

        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var provider = UserRecord.ProviderOf(connection.Strategy);
        var userId = state.String("user_id") is { Length: > 0 } id
            ? (id.StartsWith(provider + "|", StringComparison.Ordinal) ? id : $"{provider}|{id}")
            : $"{provider}|{RandomValues.Hex(12)}";
        var name = state.String("name") ?? UserProfileDefaults.Name(email, username);
        return new User
        {
            UserId = userId,
            ConnectionId = connection.Id,
            Email = email,
            NormalizedEmail = email is null ? null : LoginNames.Normalize(email),
            Username = username,
            NormalizedUsername = username is null ? null : LoginNames.Normalize(username),
            EmailVerified = state.Bool("email_verified") ?? false,
            PhoneNumber = state.String("phone_number"),
            PhoneVerified = state.Bool("phone_verified") ?? false,
            Name = name,
            GivenName = state.String("given_name"),
            FamilyName = state.String("family_name"),
            Nickname = state.String("nickname") ?? UserProfileDefaults.Nickname(email, username),
            Picture = state.String("picture") ?? UserProfileDefaults.Picture(email, name),
            Blocked = state.Bool("blocked") ?? false,
            AppMetadataJson = (state.Obj("app_metadata") ?? []).ToJsonString(),
            UserMetadataJson = (state.Obj("user_metadata") ?? []).ToJsonString(),
            PasswordHash = passwordHash,
            PasswordChangedAt = passwordHash is null ? null : now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public async Task<AdminResult<JsonObject>> CreateAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        if ((body as JsonObject)?.String("password") is { } candidate && await breached.RefusesAsync(candidate, newUser: true, cancellationToken))
        {
            return Leaked();
        }

        var connections = await db.Connections.AsNoTracking().ToListAsync(cancellationToken);
        if (!Prepare(body, name => connections.FirstOrDefault(c => c.Name == name)).TryGet(out var user, out var error))
        {
            return error;
        }

        if (await ConflictsAsync(user, isNew: true, cancellationToken))
        {
            return Exists();
        }

        var connection = connections.First(c => c.Id == user.ConnectionId);
        if (CustomDatabaseUsers.Applies(connection))
        {
            // The connection's get_user, and without import mode its create and login scripts, decide.
            if (!(await customDatabase.CreateAsync(connection, user, (body as JsonObject)?.String("password"), cancellationToken)).TryGet(out var scripted, out var refused))
            {
                return refused;
            }

            if (scripted.UserId != user.UserId && await ConflictsAsync(scripted, isNew: true, cancellationToken))
            {
                return Exists();
            }

            user = scripted;
        }

        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return UserRecord.View(user, connections.First(c => c.Id == user.ConnectionId).Name);
    }

    /// <param name="reach">What the caller may change: everything, or only one metadata object (narrower scopes).</param>
    public async Task<AdminResult<JsonObject>> UpdateAsync(string id, JsonNode? patch, UserUpdateReach reach, CancellationToken cancellationToken)
    {
        if (!AdminBody.Validate(UserSchema.Update, patch).TryGet(out var changes, out var error))
        {
            return error;
        }

        var allowed = reach switch
        {
            UserUpdateReach.AppMetadata => "app_metadata",
            UserUpdateReach.UserMetadata => "user_metadata",
            _ => null,
        };
        if (allowed is not null && changes.Any(p => p.Key != allowed))
        {
            return AdminError.Forbidden("Insufficient scope, expected any of: update:users", "insufficient_scope");
        }

        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.UserId == id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        var connection = await db.Connections.AsNoTracking().FirstAsync(c => c.Id == user.ConnectionId, cancellationToken);
        if (changes.String("connection") is { } named && named != connection.Name)
        {
            return AdminError.BadRequest($"The user has no identity in the connection {named}.", "invalid_body");
        }

        var errors = new List<FieldError>();
        if (changes.ContainsKey("email"))
        {
            user.Email = changes.String("email");
            user.NormalizedEmail = user.Email is null ? null : LoginNames.Normalize(user.Email);
        }

        if (changes.ContainsKey("username"))
        {
            user.Username = changes.String("username");
            user.NormalizedUsername = user.Username is null ? null : LoginNames.Normalize(user.Username);
            errors.AddRange(UsernameRules(user.Username, connection));
        }

        if (user.Email is null && user.Username is null)
        {
            errors.Add(FieldError.At("email", "A user needs an email or a username"));
        }

        if (connection.Strategy == Strategies.Ad && changes.String("password") is not null)
        {
            errors.Add(FieldError.At("password", $"Users of an LDAP connection ({connection.Name}) sign in with their directory password"));
        }

        var userMetadata = Merge(user.UserMetadataJson, changes.Obj("user_metadata"));
        var appMetadata = Merge(user.AppMetadataJson, changes.Obj("app_metadata"));
        errors.AddRange(MetadataRules(changes.Obj("user_metadata"), changes.Obj("app_metadata")));
        if (userMetadata.ToJsonString().Length + appMetadata.ToJsonString().Length > MaxMetadataBytes)
        {
            errors.Add(FieldError.At("user_metadata", $"user_metadata and app_metadata together are larger than {MaxMetadataBytes} bytes"));
        }

        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors);
        }

        if ((changes.ContainsKey("email") || changes.ContainsKey("username")) && await ConflictsAsync(user, isNew: false, cancellationToken))
        {
            return Exists();
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (changes.ContainsKey("password"))
        {
            if (changes.String("password") is { } password)
            {
                if (PasswordPolicy.Check(password, ConnectionOptions.Parse(connection.OptionsJson)) is { } weak)
                {
                    return AdminError.BadRequest(weak, "invalid_password");
                }

                if (await breached.RefusesAsync(password, newUser: false, cancellationToken))
                {
                    return Leaked();
                }

                // A custom database without import mode changes the password in the old system and keeps none here.
                var (refused, storeHash) = CustomDatabaseUsers.Applies(connection)
                    ? await customDatabase.ChangePasswordAsync(connection, user, password, cancellationToken)
                    : (null, true);
                if (refused is not null)
                {
                    return refused;
                }

                user.PasswordHash = storeHash ? hashing.Hash(password) : null;
            }
            else
            {
                user.PasswordHash = null;
            }

            // A new password ends every session and refresh token issued with the old one.
            user.PasswordChangedAt = now;
        }

        if (changes.ContainsKey("phone_number"))
        {
            user.PhoneNumber = changes.String("phone_number");
        }

        user.Blocked = changes.Bool("blocked") ?? user.Blocked;
        user.EmailVerified = changes.Bool("email_verified") ?? user.EmailVerified;
        user.PhoneVerified = changes.Bool("phone_verified") ?? user.PhoneVerified;
        user.Name = Text(changes, "name", user.Name);
        user.GivenName = Text(changes, "given_name", user.GivenName);
        user.FamilyName = Text(changes, "family_name", user.FamilyName);
        user.Nickname = Text(changes, "nickname", user.Nickname);
        user.Picture = Text(changes, "picture", user.Picture);
        user.UserMetadataJson = userMetadata.ToJsonString();
        user.AppMetadataJson = appMetadata.ToJsonString();
        user.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return UserRecord.View(user, connection.Name);
    }

    /// <summary>Deletes the user and its refresh tokens; a custom database's <c>delete</c> script runs first, and its failure keeps the user.</summary>
    public async Task<AdminError?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == id, cancellationToken) is { } existing
            && await db.Connections.AsNoTracking().FirstAsync(c => c.Id == existing.ConnectionId, cancellationToken) is { } connection
            && CustomDatabaseUsers.Applies(connection)
            && await customDatabase.DeleteAsync(connection, existing, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RefreshTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Users.Where(u => u.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted == 0 ? NotFound() : null;
    }

    /// <summary>Another user of the same connection has this email or username (or, for a new user, the id is taken).</summary>
    public async Task<bool> ConflictsAsync(User user, bool isNew, CancellationToken cancellationToken) =>
        (isNew && await db.Users.AnyAsync(u => u.UserId == user.UserId, cancellationToken))
        || await db.Users.AnyAsync(u => u.ConnectionId == user.ConnectionId && u.UserId != user.UserId
            && ((user.NormalizedEmail != null && u.NormalizedEmail == user.NormalizedEmail)
                || (user.NormalizedUsername != null && u.NormalizedUsername == user.NormalizedUsername)), cancellationToken);

    private async Task<List<JsonObject>> ViewsAsync(List<User> users)
    {
        var names = await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name);
        return users.Select(u => UserRecord.View(u, names.GetValueOrDefault(u.ConnectionId))).ToList();
    }

    /// <summary>A PATCH field: absent keeps the value, null clears it.</summary>
    private static string? Text(JsonObject changes, string name, string? current) => changes.ContainsKey(name) ? changes.String(name) : current;

    /// <summary>The connection's <c>options.validation.username</c> length limits.</summary>
    private static IEnumerable<FieldError> UsernameRules(string? username, Connection connection)
    {
        if (username is null || AdminJson.Object(connection.OptionsJson).Obj("validation")?.Obj("username") is not { } limits)
        {
            yield break;
        }

        if (limits.Int("min") is { } min && username.Length < min)
        {
            yield return FieldError.At("username", $"String is too short ({username.Length} chars), minimum {min}");
        }

        if (limits.Int("max") is { } max && username.Length > max)
        {
            yield return FieldError.At("username", $"String is too long ({username.Length} chars), maximum {max}");
        }
    }

    /// <summary>Auth0's metadata rules: no <c>.</c> or <c>$</c> in field names, no reserved names in app_metadata.</summary>
    private static IEnumerable<FieldError> MetadataRules(JsonObject? userMetadata, JsonObject? appMetadata)
    {
        foreach (var (name, metadata) in new[] { ("user_metadata", userMetadata), ("app_metadata", appMetadata) })
        {
            if (metadata is not null && BadFieldName(metadata) is { } bad)
            {
                yield return FieldError.At(name, $"Invalid field name: {bad} (field names cannot contain . or $)");
            }
        }

        if (appMetadata?.Select(p => p.Key).FirstOrDefault(ReservedAppMetadata.Contains) is { } reserved)
        {
            yield return FieldError.At("app_metadata", $"The field name {reserved} is reserved");
        }
    }

    private static string? BadFieldName(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Key.Contains('.', StringComparison.Ordinal) || p.Key.Contains('$', StringComparison.Ordinal) ? p.Key : p.Value is null ? null : BadFieldName(p.Value))
            .FirstOrDefault(n => n is not null),
        JsonArray array => array.Select(i => i is null ? null : BadFieldName(i)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    /// <summary>Auth0 merges metadata one level deep; a null value removes the key.</summary>
    private static JsonObject Merge(string current, JsonObject? patch)
    {
        var merged = AdminJson.Object(current);
        foreach (var (key, value) in patch ?? [])
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }

        return merged;
    }

    [GeneratedRegex("^(?<field>email|username|user_id|connection|name):(?:\"(?<quoted>[^\"]{1,512})\"|(?<plain>[^\\s\"]{1,512}))$")]
    private static partial Regex SearchPattern();

    [GeneratedRegex("^(?<field>created_at|updated_at|last_login|email|name|user_id):(?<order>1|-1)$")]
    private static partial Regex SortPattern();
}

using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Authgate.Connections;
using Authgate.Json;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/users</c> and <c>/api/v2/users-by-email</c>: users of database connections.</summary>
internal static partial class UsersApi
{
    /// <summary>The fields <c>PATCH /users/{id}</c> accepts; metadata objects are merged, the rest replaced.</summary>
    public sealed record Patch
    {
        [JsonPropertyName("blocked")] public bool? Blocked { get; init; }
        [JsonPropertyName("email")] public string? Email { get; init; }
        [JsonPropertyName("email_verified")] public bool? EmailVerified { get; init; }
        [JsonPropertyName("username")] public string? Username { get; init; }
        [JsonPropertyName("password")] public string? Password { get; init; }
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("given_name")] public string? GivenName { get; init; }
        [JsonPropertyName("family_name")] public string? FamilyName { get; init; }
        [JsonPropertyName("nickname")] public string? Nickname { get; init; }
        [JsonPropertyName("picture")] public string? Picture { get; init; }
        [JsonPropertyName("user_metadata")] public JsonObject? UserMetadata { get; init; }
        [JsonPropertyName("app_metadata")] public JsonObject? AppMetadata { get; init; }
        [JsonPropertyName("connection")] public string? Connection { get; init; }
        [JsonPropertyName("verify_email")] public bool? VerifyEmail { get; init; }
        [JsonPropertyName("client_id")] public string? ClientId { get; init; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users", ListAsync).Scopes("read:users");
        api.MapGet("/users/{id}", GetAsync).Scopes("read:users").CurrentUser("read:current_user");
        api.MapPost("/users", CreateAsync).Scopes("create:users").Audited("Create a User");
        api.MapPatch("/users/{id}", UpdateAsync).Scopes("update:users", "update:users_app_metadata")
            .CurrentUser("update:current_user_metadata", "create:current_user_metadata").Audited("Update a User");
        api.MapDelete("/users/{id}", DeleteAsync).Scopes("delete:users").Audited("Delete a User");
        api.MapGet("/users-by-email", ByEmailAsync).Scopes("read:users");
    }

    private static ManagementError NotFound() => ManagementError.NotFound("The user does not exist.", "inexistent_user");

    private static ManagementError Exists() => ManagementError.Conflict("The user already exists.", "auth0_idp_error");

    private static async Task<IResult> ListAsync(HttpContext http, AuthDbContext db)
    {
        var (paging, error) = Paging.From(http.Request);
        if (paging is null)
        {
            return ManagementResults.Error(error!);
        }

        var query = db.Users.AsQueryable();
        if (http.Request.Query["q"].ToString() is { Length: > 0 } q)
        {
            var match = QueryPattern().Match(q.Trim());
            if (!match.Success)
            {
                return ManagementResults.Error(ManagementError.BadQuery("Query validation error: supported queries are field:value or field:\"value\" for email, username, user_id, connection, name."));
            }

            var value = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value;
            var normalized = LoginNames.Normalize(value);
            query = match.Groups["field"].Value switch
            {
                "email" => query.Where(u => u.NormalizedEmail == normalized),
                "username" => query.Where(u => u.NormalizedUsername == normalized),
                "user_id" => query.Where(u => u.UserId == value),
                "name" => query.Where(u => u.Name == value),
                _ => query.Where(u => db.Connections.Any(c => c.Id == u.ConnectionId && c.Name == value)),
            };
        }

        var total = await query.CountAsync(http.RequestAborted);
        var users = await query.OrderBy(u => u.CreatedAt).ThenBy(u => u.UserId).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(http.RequestAborted);
        var names = await ConnectionNamesAsync(db, http.RequestAborted);
        return ManagementResults.Page(users.Select(u => View(u, names)).ToList(), total, paging, "users");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, AuthDbContext db)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserId == id, http.RequestAborted);
        return user is null ? ManagementResults.Error(NotFound()) : ManagementResults.Json(View(user, await ConnectionNamesAsync(db, http.RequestAborted)));
    }

    private static async Task<IResult> ByEmailAsync(HttpContext http, AuthDbContext db)
    {
        if (http.Request.Query["email"].ToString() is not { Length: > 0 } email)
        {
            return ManagementResults.Error(ManagementError.BadQuery("Query validation error: 'Missing required property: email'."));
        }

        var normalized = LoginNames.Normalize(email);
        var users = await db.Users.Where(u => u.NormalizedEmail == normalized).OrderBy(u => u.CreatedAt).ToListAsync(http.RequestAborted);
        var names = await ConnectionNamesAsync(db, http.RequestAborted);
        return ManagementResults.Json(users.Select(u => View(u, names)).ToList());
    }

    private static ManagementError Leaked() =>
        ManagementError.BadRequest("This password has previously been disclosed through a data breach (not in this application). Choose another one.", "password_leaked");

    private static async Task<IResult> CreateAsync(HttpContext http, AuthDbContext db, TenantObjects objects, Protection.BreachedPasswordPolicy breached, TimeProvider time)
    {
        var (section, error) = await ManagementBody.ReadAsync<TenantFile.UserSection>(http);
        if (section is null)
        {
            return ManagementResults.Error(error!);
        }

        if (section.Password is { } candidate && await breached.RefusesAsync(candidate, newUser: true, http.RequestAborted))
        {
            return ManagementResults.Error(Leaked());
        }

        var connections = await db.Connections.ToListAsync(http.RequestAborted);
        User user;
        try
        {
            user = objects.User(section, "user", name => connections.FirstOrDefault(c => c.Name == name), time.GetUtcNow().UtcDateTime);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }

        if (await ConflictsAsync(db, user, isNew: true, http.RequestAborted))
        {
            return ManagementResults.Error(Exists());
        }

        db.Users.Add(user);
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(user, connections.ToDictionary(c => c.Id, c => c.Name)), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, AuthDbContext db, PasswordHashing hashing, Protection.BreachedPasswordPolicy breached, TimeProvider time)
    {
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.UserId == id, http.RequestAborted);
        if (user is null)
        {
            return ManagementResults.Error(NotFound());
        }

        var (patch, error) = await ManagementBody.ReadAsync<Patch>(http);
        if (patch is null)
        {
            return ManagementResults.Error(error!);
        }

        var caller = ManagementCaller.Of(http);
        var onlyAppMetadata = patch with { AppMetadata = null } == new Patch();
        if (caller.EndUser)
        {
            // update:current_user_metadata reaches user_metadata only (Auth0); app_metadata and the profile stay admin-only.
            if (patch with { UserMetadata = null } != new Patch())
            {
                return ManagementResults.Error(ManagementError.InsufficientScope(["update:users"]));
            }
        }
        else if (!caller.Has("update:users") && !onlyAppMetadata)
        {
            return ManagementResults.Error(ManagementError.InsufficientScope(["update:users"]));
        }

        var connection = await db.Connections.FirstAsync(c => c.Id == user.ConnectionId, http.RequestAborted);
        if (patch.Email is { } email)
        {
            if (!MailAddress.TryCreate(email, out _))
            {
                return ManagementResults.Error(ManagementError.BadBody($"Payload validation error: 'Object didn't pass validation for format email: {email}' on property email."));
            }

            user.Email = email;
            user.NormalizedEmail = LoginNames.Normalize(email);
        }

        if (patch.Username is { } username)
        {
            user.Username = username;
            user.NormalizedUsername = LoginNames.Normalize(username);
        }

        if ((patch.Email is not null || patch.Username is not null) && await ConflictsAsync(db, user, isNew: false, http.RequestAborted))
        {
            return ManagementResults.Error(Exists());
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (patch.Password is { } password)
        {
            if (PasswordPolicy.Check(password, ConnectionOptions.Parse(connection.OptionsJson)) is { } weak)
            {
                return ManagementResults.Error(ManagementError.BadRequest(weak, "password_strength_error"));
            }

            if (await breached.RefusesAsync(password, newUser: false, http.RequestAborted))
            {
                return ManagementResults.Error(Leaked());
            }

            user.PasswordHash = hashing.Hash(password);
            user.PasswordChangedAt = now;
        }

        user.Blocked = patch.Blocked ?? user.Blocked;
        user.EmailVerified = patch.EmailVerified ?? user.EmailVerified;
        user.Name = patch.Name ?? user.Name;
        user.GivenName = patch.GivenName ?? user.GivenName;
        user.FamilyName = patch.FamilyName ?? user.FamilyName;
        user.Nickname = patch.Nickname ?? user.Nickname;
        user.Picture = patch.Picture ?? user.Picture;
        user.UserMetadataJson = MergeMetadata(user.UserMetadataJson, patch.UserMetadata);
        user.AppMetadataJson = MergeMetadata(user.AppMetadataJson, patch.AppMetadata);
        user.UpdatedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(user, new Dictionary<string, string> { [connection.Id] = connection.Name }));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, AuthDbContext db)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        await db.RefreshTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(http.RequestAborted);
        var deleted = await db.Users.Where(u => u.UserId == id).ExecuteDeleteAsync(http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        return deleted == 0 ? ManagementResults.Error(NotFound()) : ManagementResults.NoContent();
    }

    /// <summary>Another user of the same connection has this email or username (or, for a new user, the id is taken).</summary>
    private static async Task<bool> ConflictsAsync(AuthDbContext db, User user, bool isNew, CancellationToken cancellationToken) =>
        (isNew && await db.Users.AnyAsync(u => u.UserId == user.UserId, cancellationToken))
        || await db.Users.AnyAsync(u => u.ConnectionId == user.ConnectionId && u.UserId != user.UserId
            && ((user.NormalizedEmail != null && u.NormalizedEmail == user.NormalizedEmail)
                || (user.NormalizedUsername != null && u.NormalizedUsername == user.NormalizedUsername)), cancellationToken);

    /// <summary>Auth0 merges metadata one level deep; a null value removes the key.</summary>
    private static string MergeMetadata(string current, JsonObject? patch)
    {
        if (patch is null)
        {
            return current;
        }

        var merged = StoredJson.ParseObject(current);
        foreach (var (key, value) in patch.ToList())
        {
            patch.Remove(key);
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged.ToJsonString();
    }

    private static async Task<Dictionary<string, string>> ConnectionNamesAsync(AuthDbContext db, CancellationToken cancellationToken) =>
        await db.Connections.ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

    public static JsonObject View(User user, IReadOnlyDictionary<string, string> connectionNames) => new()
    {
        ["user_id"] = user.UserId,
        ["email"] = user.Email,
        ["email_verified"] = user.EmailVerified,
        ["username"] = user.Username,
        ["name"] = user.Name,
        ["given_name"] = user.GivenName,
        ["family_name"] = user.FamilyName,
        ["nickname"] = user.Nickname,
        ["picture"] = user.Picture,
        ["blocked"] = user.Blocked,
        ["created_at"] = ManagementResults.Iso(user.CreatedAt),
        ["updated_at"] = ManagementResults.Iso(user.UpdatedAt),
        ["last_login"] = user.LastLogin is { } login ? ManagementResults.Iso(login) : null,
        ["last_ip"] = user.LastIp,
        ["logins_count"] = user.LoginsCount,
        ["identities"] = new JsonArray(new JsonObject
        {
            ["connection"] = connectionNames.GetValueOrDefault(user.ConnectionId),
            ["provider"] = user.UserId.StartsWith("ad|", StringComparison.Ordinal) ? "ad" : "auth0",
            ["user_id"] = user.UserId.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? user.UserId[(bar + 1)..] : user.UserId,
            ["isSocial"] = false,
        }),
        ["user_metadata"] = StoredJson.ParseObject(user.UserMetadataJson),
        ["app_metadata"] = StoredJson.ParseObject(user.AppMetadataJson),
    };

    [GeneratedRegex("^(?<field>email|username|user_id|connection|name):(?:\"(?<quoted>[^\"]{1,512})\"|(?<plain>[^\\s\"]{1,512}))$")]
    private static partial Regex QueryPattern();
}

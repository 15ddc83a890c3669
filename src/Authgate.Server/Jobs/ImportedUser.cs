using System.Net.Mail;
using System.Text.Json;
using Authgate.Connections;
using Authgate.Connections.Hashes;
using Authgate.Storage.Entities;

namespace Authgate.Jobs;

/// <summary>
/// One user of an import file, checked against Auth0's bulk-import user schema (MGMT-SCHEMA §6.2). Records of
/// Auth0's password-hash export (<c>_id.$oid</c>, <c>alt_id</c>, <c>passwordHash</c>, <c>identifiers</c>) are read
/// too, keeping their <c>auth0|…</c> ids. <see cref="CustomHash"/> (upsertable) and <see cref="PasswordHash"/>
/// (insert-only) are stored hash strings Authgate verifies.
/// </summary>
internal sealed record ImportedUser(User User, string? PasswordHash, string? CustomHash)
{
    private static readonly HashSet<string> Known =
    [
        "email", "email_verified", "phone_number", "phone_verified", "user_id", "username", "given_name", "family_name", "name", "nickname",
        "picture", "blocked", "password_hash", "custom_password_hash", "app_metadata", "user_metadata", "mfa_factors",
    ];

    private static readonly HashSet<string> ReservedAppMetadata =
    [
        "__tenant", "_id", "blocked", "clientID", "created_at", "email_verified", "email", "globalClientID", "global_client_id", "identities",
        "lastIP", "lastLogin", "loginsCount", "metadata", "multifactor_last_modified", "multifactor", "updated_at", "user_id",
    ];

    /// <summary>Reads one element; the errors name each property that is wrong, and nothing is imported when there is one.</summary>
    public static (ImportedUser? User, List<ImportError> Errors) Read(JsonElement element, Connection connection, DateTime now)
    {
        var errors = new List<ImportError>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("INVALID_TYPE", $"Expected type object but found type {TypeName(element)}", ""));
            return (null, errors);
        }

        if (element.TryGetProperty("_id", out _) || element.TryGetProperty("passwordHash", out _))
        {
            return FromHashExport(element, connection, now);
        }

        foreach (var property in element.EnumerateObject().Where(p => !Known.Contains(p.Name)))
        {
            errors.Add(new("OBJECT_ADDITIONAL_PROPERTIES", $"Additional properties not allowed: {property.Name}", property.Name));
        }

        var email = String(element, "email", errors);
        if (email is null && !element.TryGetProperty("email", out _))
        {
            errors.Add(new("OBJECT_REQUIRED", "Missing required property: email", "email"));
        }
        else if (email is not null && (email.Length > 320 || !MailAddress.TryCreate(email, out _)))
        {
            errors.Add(new("FORMAT", $"Object didn't pass validation for format email: {email}", "email"));
        }

        var username = String(element, "username", errors);
        if (username is { Length: 0 or > 128 })
        {
            errors.Add(new("MAX_LENGTH", "String length must be between 1 and 128", "username"));
        }

        var userId = String(element, "user_id", errors);
        if (userId is { Length: 0 or > 120 })
        {
            errors.Add(new("MAX_LENGTH", "String length must be between 1 and 120", "user_id"));
        }

        var phone = String(element, "phone_number", errors);
        if (phone is not null && !(phone.Length is > 1 and <= 16 && phone[0] == '+' && phone[1..].All(char.IsAsciiDigit)))
        {
            errors.Add(new("PATTERN", $"String does not match pattern ^\\+[0-9]{{1,15}}$: {phone}", "phone_number"));
        }

        _ = Boolean(element, "phone_verified", errors);
        var appMetadata = Object(element, "app_metadata", errors);
        foreach (var reserved in appMetadata?.EnumerateObject().Where(p => ReservedAppMetadata.Contains(p.Name)) ?? [])
        {
            errors.Add(new("NOT_PASSED", $"app_metadata must not contain the reserved key {reserved.Name}", "app_metadata." + reserved.Name));
        }

        var userMetadata = Object(element, "user_metadata", errors);
        if (element.TryGetProperty("mfa_factors", out var factors) && factors.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("INVALID_TYPE", $"Expected type array but found type {TypeName(factors)}", "mfa_factors"));
        }

        var passwordHash = String(element, "password_hash", errors);
        if (passwordHash is not null && !HashFormats.IsValid(passwordHash))
        {
            errors.Add(new("FORMAT", "password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$) or another hash Authgate verifies", "password_hash"));
        }

        string? customHash = null;
        if (element.TryGetProperty("custom_password_hash", out var custom))
        {
            if (passwordHash is not null)
            {
                errors.Add(new("NOT_PASSED", "password_hash and custom_password_hash are mutually exclusive", "custom_password_hash"));
            }
            else if (custom.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("INVALID_TYPE", $"Expected type object but found type {TypeName(custom)}", "custom_password_hash"));
            }
            else
            {
                CustomPasswordHash? parsed = null;
                try
                {
                    parsed = custom.Deserialize<CustomPasswordHash>();
                }
                catch (JsonException)
                {
                    errors.Add(new("INVALID_TYPE", "custom_password_hash has a property of the wrong type", "custom_password_hash"));
                }

                if (parsed?.ToStored() is { } result)
                {
                    customHash = result.Stored;
                    if (result.Stored is null)
                    {
                        errors.Add(new("FORMAT", result.Error ?? "invalid", result.Path ?? "custom_password_hash"));
                    }
                }
            }
        }

        var emailVerified = Boolean(element, "email_verified", errors);
        var blocked = Boolean(element, "blocked", errors);
        var givenName = String(element, "given_name", errors);
        var familyName = String(element, "family_name", errors);
        var name = String(element, "name", errors);
        var nickname = String(element, "nickname", errors);
        var picture = String(element, "picture", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (Build(connection, now, userId, email, emailVerified ?? false, username, name, givenName, familyName, nickname, picture, blocked ?? false,
            appMetadata?.GetRawText(), userMetadata?.GetRawText(), passwordHash, customHash), errors);
    }

    private static (ImportedUser?, List<ImportError>) FromHashExport(JsonElement element, Connection connection, DateTime now)
    {
        var errors = new List<ImportError>();
        var id = element.TryGetProperty("alt_id", out var alt) && alt.ValueKind == JsonValueKind.String ? alt.GetString()
            : element.TryGetProperty("_id", out var oid) && oid.ValueKind == JsonValueKind.Object && oid.TryGetProperty("$oid", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
        if (id is null or { Length: 0 })
        {
            errors.Add(new("OBJECT_REQUIRED", "Missing required property: _id.$oid (or alt_id)", "_id"));
        }

        string? email = element.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        bool? verified = element.TryGetProperty("email_verified", out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        string? username = null;
        if (element.TryGetProperty("identifiers", out var identifiers) && identifiers.ValueKind == JsonValueKind.Array)
        {
            foreach (var identifier in identifiers.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var type = identifier.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var text = identifier.TryGetProperty("value", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
                if (type == "email" && email is null)
                {
                    email = text;
                    verified ??= identifier.TryGetProperty("verified", out var iv) && iv.ValueKind == JsonValueKind.True;
                }
                else if (type == "username")
                {
                    username ??= text;
                }
            }
        }

        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            errors.Add(new("FORMAT", $"Object didn't pass validation for format email: {email}", "email"));
        }

        if (email is null && username is null)
        {
            errors.Add(new("OBJECT_REQUIRED", "Missing required property: email", "email"));
        }

        var hash = element.TryGetProperty("passwordHash", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
        if (hash is not null && !HashFormats.IsValid(hash))
        {
            errors.Add(new("FORMAT", "passwordHash is not a hash Authgate verifies", "passwordHash"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (Build(connection, now, id, email, verified ?? false, username, null, null, null, null, null, false, null, null, hash, null), errors);
    }

    private static ImportedUser Build(Connection connection, DateTime now, string? userId, string? email, bool emailVerified, string? username, string? name,
        string? givenName, string? familyName, string? nickname, string? picture, bool blocked, string? appMetadata, string? userMetadata, string? passwordHash, string? customHash)
    {
        var id = userId is null ? "auth0|" + Security.RandomValues.Hex(12) : userId.StartsWith("auth0|", StringComparison.Ordinal) ? userId : "auth0|" + userId;
        var displayName = name ?? UserProfileDefaults.Name(email, username);
        var user = new User
        {
            UserId = id,
            ConnectionId = connection.Id,
            Email = email,
            NormalizedEmail = email is null ? null : LoginNames.Normalize(email),
            Username = username,
            NormalizedUsername = username is null ? null : LoginNames.Normalize(username),
            EmailVerified = emailVerified,
            Name = displayName,
            GivenName = givenName,
            FamilyName = familyName,
            Nickname = nickname ?? UserProfileDefaults.Nickname(email, username),
            Picture = picture ?? UserProfileDefaults.Picture(email, displayName),
            Blocked = blocked,
            AppMetadataJson = appMetadata ?? "{}",
            UserMetadataJson = userMetadata ?? "{}",
            PasswordHash = customHash ?? passwordHash,
            PasswordChangedAt = (customHash ?? passwordHash) is null ? null : now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return new ImportedUser(user, passwordHash, customHash);
    }

    private static string? String(JsonElement element, string name, List<ImportError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new("INVALID_TYPE", $"Expected type string but found type {TypeName(value)}", name));
            return null;
        }

        return value.GetString();
    }

    private static bool? Boolean(JsonElement element, string name, List<ImportError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new("INVALID_TYPE", $"Expected type boolean but found type {TypeName(value)}", name));
            return null;
        }

        return value.GetBoolean();
    }

    private static JsonElement? Object(JsonElement element, string name, List<ImportError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("INVALID_TYPE", $"Expected type object but found type {TypeName(value)}", name));
            return null;
        }

        return value;
    }

    public static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}

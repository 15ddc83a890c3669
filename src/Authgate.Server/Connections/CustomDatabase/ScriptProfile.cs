using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Nodes;
using Authgate.Storage.Entities;

namespace Authgate.Connections.CustomDatabase;

/// <summary>
/// The profile a <c>login</c> or <c>get_user</c> script hands to its callback (Auth0's normalized profile), checked:
/// <c>user_id</c> (or <c>id</c>; a string or a number) is required and becomes <c>auth0|&lt;id&gt;</c>, as Auth0
/// prefixes it (an id that already starts with <c>auth0|</c> is kept, so users moved from an Auth0 tenant keep their
/// <c>sub</c>); an email or a username is required; <c>app_metadata</c> may also be called <c>metadata</c>, Auth0's
/// older name in these scripts.
/// </summary>
internal sealed record ScriptProfile
{
    public const string Prefix = "auth0|";

    /// <summary>The local user id, with the prefix.</summary>
    public required string UserId { get; init; }
    public string? Email { get; init; }
    public bool EmailVerified { get; init; }
    public string? Username { get; init; }
    public string? Name { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public string? Nickname { get; init; }
    public string? Picture { get; init; }
    public JsonObject? AppMetadata { get; init; }
    public JsonObject? UserMetadata { get; init; }

    /// <summary>The id a script knows the user by: the local id without Auth0's prefix (what <c>delete</c> receives).</summary>
    public static string ScriptId(string userId) => userId.StartsWith(Prefix, StringComparison.Ordinal) ? userId[Prefix.Length..] : userId;

    /// <summary>The profile, or why it cannot be used (a sentence naming the field).</summary>
    public static (ScriptProfile? Profile, string? Error) Read(JsonNode? value)
    {
        if (value is not JsonObject profile)
        {
            return (null, "the profile must be an object");
        }

        var id = (profile["user_id"] ?? profile["id"]) switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) => d.ToString("0", CultureInfo.InvariantCulture),
            _ => null,
        };
        if (string.IsNullOrEmpty(id))
        {
            return (null, "the profile has no user_id (or id)");
        }

        var userId = id.StartsWith(Prefix, StringComparison.Ordinal) ? id : Prefix + id;
        if (userId.Length > 128 || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return (null, "user_id must have no spaces and at most 128 characters with the auth0| prefix");
        }

        string? error = null;
        string? Text(string field, int max)
        {
            switch (profile[field])
            {
                case null:
                    return null;
                case JsonValue v when v.TryGetValue<string>(out var s) && s.Length <= max && !s.Contains('\0', StringComparison.Ordinal):
                    return s.Length == 0 ? null : s;
                default:
                    error ??= $"{field} must be a string of at most {max} characters";
                    return null;
            }
        }

        JsonObject? Metadata(string field) => profile[field] switch
        {
            null => null,
            JsonObject o => o.DeepClone().AsObject(),
            _ => Fail($"{field} must be an object"),
        };

        JsonObject? Fail(string message)
        {
            error ??= message;
            return null;
        }

        var email = Text("email", 320);
        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            error ??= "email is not a valid email address";
        }

        var result = new ScriptProfile
        {
            UserId = userId,
            Email = email,
            EmailVerified = profile["email_verified"] is JsonValue verified && verified.TryGetValue<bool>(out var b) && b,
            Username = Text("username", 128),
            Name = Text("name", 300),
            GivenName = Text("given_name", 150),
            FamilyName = Text("family_name", 150),
            Nickname = Text("nickname", 300),
            Picture = Text("picture", 2048),
            AppMetadata = Metadata("app_metadata") ?? Metadata("metadata"),
            UserMetadata = Metadata("user_metadata"),
        };
        if (error is null && result.Email is null && result.Username is null)
        {
            error = "the profile needs an email or a username";
        }

        return error is null ? (result, null) : (null, error);
    }

    /// <summary>A new local user from this profile (the metadata only here: afterwards Authgate's copy is the one kept).</summary>
    public User NewUser(Connection connection, DateTime now, string? passwordHash)
    {
        var user = new User
        {
            UserId = UserId,
            ConnectionId = connection.Id,
            AppMetadataJson = AppMetadata?.ToJsonString() ?? "{}",
            UserMetadataJson = UserMetadata?.ToJsonString() ?? "{}",
            PasswordHash = passwordHash,
            PasswordChangedAt = passwordHash is null ? null : now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        CopyTo(user);
        return user;
    }

    /// <summary>Writes the profile's root attributes onto <paramref name="user"/>.</summary>
    public void CopyTo(User user)
    {
        var name = Name ?? UserProfileDefaults.Name(Email, Username);
        user.Email = Email;
        user.NormalizedEmail = Email is null ? null : LoginNames.Normalize(Email);
        user.Username = Username;
        user.NormalizedUsername = Username is null ? null : LoginNames.Normalize(Username);
        user.EmailVerified = EmailVerified;
        user.Name = name;
        user.GivenName = GivenName;
        user.FamilyName = FamilyName;
        user.Nickname = Nickname ?? UserProfileDefaults.Nickname(Email, Username);
        user.Picture = Picture ?? UserProfileDefaults.Picture(Email, name);
    }

    /// <summary>Whether <paramref name="user"/> already holds this profile's root attributes (then nothing is written).</summary>
    public bool Matches(User user)
    {
        var copy = new User { UserId = user.UserId, ConnectionId = user.ConnectionId };
        CopyTo(copy);
        return copy.Email == user.Email && copy.Username == user.Username && copy.EmailVerified == user.EmailVerified && copy.Name == user.Name
            && copy.GivenName == user.GivenName && copy.FamilyName == user.FamilyName && copy.Nickname == user.Nickname && copy.Picture == user.Picture;
    }
}

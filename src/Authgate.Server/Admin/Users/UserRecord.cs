using System.Text.Json.Nodes;
using Authgate.Connections;
using Authgate.Storage.Entities;

namespace Authgate.Admin.Users;

/// <summary>A user as the Management API shows it (Auth0's normalized profile of a database user).</summary>
internal static class UserRecord
{
    /// <summary>The identity provider of a connection's users: <c>auth0</c> for database connections, <c>ad</c> for LDAP.</summary>
    public static string ProviderOf(string strategy) => strategy == Strategies.Ad ? "ad" : "auth0";

    /// <summary>The provider a stored user id starts with (<c>auth0|…</c> or <c>ad|…</c>).</summary>
    private static string ProviderOfId(string userId) => userId.StartsWith("ad|", StringComparison.Ordinal) ? "ad" : "auth0";

    public static JsonObject View(User user, string? connectionName)
    {
        var view = new JsonObject
        {
            ["user_id"] = user.UserId,
            ["email"] = user.Email,
            ["email_verified"] = user.EmailVerified,
            ["username"] = user.Username,
            ["phone_number"] = user.PhoneNumber,
            ["phone_verified"] = user.PhoneNumber is null ? null : user.PhoneVerified,
            ["name"] = user.Name,
            ["given_name"] = user.GivenName,
            ["family_name"] = user.FamilyName,
            ["nickname"] = user.Nickname,
            ["picture"] = user.Picture,
            ["blocked"] = user.Blocked,
            ["created_at"] = AdminTime.Iso(user.CreatedAt),
            ["updated_at"] = AdminTime.Iso(user.UpdatedAt),
            ["last_login"] = user.LastLogin is { } login ? AdminTime.Iso(login) : null,
            ["last_password_reset"] = user.PasswordChangedAt is { } reset && reset > user.CreatedAt ? AdminTime.Iso(reset) : null,
            ["last_ip"] = user.LastIp,
            ["logins_count"] = user.LoginsCount,
            ["identities"] = new JsonArray(new JsonObject
            {
                ["connection"] = connectionName,
                ["provider"] = ProviderOfId(user.UserId),
                ["user_id"] = user.UserId.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 ? user.UserId[(bar + 1)..] : user.UserId,
                ["isSocial"] = false,
            }),
            ["user_metadata"] = AdminJson.Object(user.UserMetadataJson),
            ["app_metadata"] = AdminJson.Object(user.AppMetadataJson),
        };

        // Auth0 leaves out what a profile does not have.
        foreach (var key in view.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            view.Remove(key);
        }

        return view;
    }

    /// <summary>The user as a tenant file carries it, with the password hash when asked (for <c>authgate export</c>).</summary>
    public static JsonObject Export(User user, string connectionName, bool withPasswordHash)
    {
        var section = new JsonObject { ["user_id"] = user.UserId, ["connection"] = connectionName };
        void Set(string name, JsonNode? value)
        {
            if (value is not null)
            {
                section[name] = value;
            }
        }

        Set("email", user.Email);
        Set("email_verified", user.EmailVerified);
        Set("username", user.Username);
        Set("phone_number", user.PhoneNumber);
        Set("phone_verified", user.PhoneNumber is null ? null : user.PhoneVerified);
        Set("name", user.Name);
        Set("given_name", user.GivenName);
        Set("family_name", user.FamilyName);
        Set("nickname", user.Nickname);
        Set("picture", user.Picture);
        Set("blocked", user.Blocked);
        Set("user_metadata", AdminJson.Object(user.UserMetadataJson));
        Set("app_metadata", AdminJson.Object(user.AppMetadataJson));
        if (withPasswordHash)
        {
            Set("password_hash", user.PasswordHash);
        }

        return section;
    }
}

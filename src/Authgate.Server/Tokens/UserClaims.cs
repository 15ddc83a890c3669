using Authgate.OAuth;
using Authgate.Storage.Entities;

namespace Authgate.Tokens;

/// <summary>The user's OIDC claims released by the granted scopes, shared by ID tokens and <c>/userinfo</c>.</summary>
internal static class UserClaims
{
    /// <summary>Adds the <c>profile</c> and <c>email</c> claims the scopes allow (not <c>sub</c>).</summary>
    public static void Add(IDictionary<string, object> claims, User user, IReadOnlyCollection<string> scopes)
    {
        if (scopes.Contains(StandardScopes.Profile))
        {
            AddIfSet(claims, "given_name", user.GivenName);
            AddIfSet(claims, "family_name", user.FamilyName);
            AddIfSet(claims, "nickname", user.Nickname);
            AddIfSet(claims, "name", user.Name);
            AddIfSet(claims, "picture", user.Picture);
            // Auth0 sends updated_at as an ISO-8601 string, not the epoch number OIDC describes.
            claims["updated_at"] = Admin.AdminTime.Iso(user.UpdatedAt);
        }

        if (scopes.Contains(StandardScopes.Email) && user.Email is not null)
        {
            claims["email"] = user.Email;
            claims["email_verified"] = user.EmailVerified;
        }
    }

    private static void AddIfSet(IDictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}

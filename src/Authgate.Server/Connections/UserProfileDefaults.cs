using System.Security.Cryptography;
using System.Text;

namespace Authgate.Connections;

/// <summary>Auth0's defaults for database users: name = email, nickname = local part, a Gravatar picture.</summary>
internal static class UserProfileDefaults
{
    public static string? Name(string? email, string? username) => email ?? username;

    public static string? Nickname(string? email, string? username) =>
        email is not null ? email[..Math.Max(0, email.IndexOf('@', StringComparison.Ordinal))] is { Length: > 0 } local ? local : email : username;

    public static string Picture(string? email, string? name)
    {
        var initials = new string((name ?? "??").Where(char.IsLetterOrDigit).Take(2).Select(char.ToLowerInvariant).ToArray());
        var fallback = $"https://cdn.auth0.com/avatars/{(initials.Length == 0 ? "default" : initials)}.png";
        if (email is null)
        {
            return fallback;
        }

        // Gravatar addresses avatars by the MD5 of the normalized email; this is a lookup key, not a security use.
#pragma warning disable CA5351
        var hash = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
#pragma warning restore CA5351
        return $"https://s.gravatar.com/avatar/{hash}?s=480&r=pg&d={Uri.EscapeDataString(fallback)}";
    }
}

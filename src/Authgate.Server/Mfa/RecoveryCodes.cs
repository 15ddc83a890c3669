using System.Security.Cryptography;
using System.Text;

namespace Authgate.Mfa;

/// <summary>
/// Recovery codes as Auth0 shows them: 24 upper-case letters and digits (about 124 bits), so a SHA-256 bound to the
/// user is enough to store them; the code itself is shown once and never kept.
/// </summary>
internal static class RecoveryCodes
{
    public const int Length = 24;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code as typed, upper-cased; null when it cannot be a recovery code (wrong length or alphabet).</summary>
    public static string? Normalize(string? code)
    {
        if (code is not { Length: Length })
        {
            return null;
        }

        var upper = code.ToUpperInvariant();
        return upper.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9') ? upper : null;
    }

    public static string Hash(string userId, string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("recovery-code|" + userId + "|" + normalized)));

    public static bool Matches(string userId, string normalized, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(userId, normalized)), Encoding.ASCII.GetBytes(storedHash));
}

using System.Security.Cryptography;

namespace Authgate.Security;

/// <summary>Random identifiers and secrets in the shapes Auth0 uses.</summary>
internal static class RandomValues
{
    public const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string SecretAlphabet = Alphanumeric + "-_";

    /// <summary>A 32-character client id, like Auth0's.</summary>
    public static string ClientId() => RandomNumberGenerator.GetString(Alphanumeric, 32);

    /// <summary>A 64-character secret (about 380 bits).</summary>
    public static string Secret() => RandomNumberGenerator.GetString(SecretAlphabet, 64);

    /// <summary>An alphanumeric identifier of <paramref name="length"/> characters (<c>rol_…</c>, <c>jti</c>).</summary>
    public static string Id(int length) => RandomNumberGenerator.GetString(Alphanumeric, length);

    public static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A readable password that satisfies every password policy level.</summary>
    public static string Password() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyz", 6) + "-" +
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 4) + "-" +
        RandomNumberGenerator.GetString("23456789", 4) + "!";
}

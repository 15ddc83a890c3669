using OtpNet;

namespace Authgate.Dashboard.Accounts;

/// <summary>RFC 6238 codes (SHA-1, 6 digits, 30 s), as every authenticator app reads them; one step of clock drift either way.</summary>
internal static class TotpCodes
{
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public static string Uri(string secret, string email, string issuer) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(email)}?secret={secret}&issuer={System.Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30";

    /// <summary>The time step the code belongs to, or null when it matches none in the window.</summary>
    public static long? Match(string secret, string? code, DateTimeOffset now)
    {
        code = code?.Replace(" ", "", StringComparison.Ordinal);
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The current code (tests and the CLI's self-check).</summary>
    public static string Compute(string secret, DateTimeOffset now) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(now.UtcDateTime);
}

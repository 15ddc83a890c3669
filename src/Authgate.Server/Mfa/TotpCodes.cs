using Authgate.Storage;
using OtpNet;

namespace Authgate.Mfa;

/// <summary>
/// TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps) with Otp.NET, accepting the previous and next step for clock
/// drift. Each time step works once per user on every node: the matched step is inserted into
/// <c>mfa_used_otp_steps</c> under a unique key, and a second insert of it finds the row (RFC 6238 §5.2).
/// </summary>
internal sealed class TotpCodes(AuthDbContext db, WriteGate writes, TimeProvider time)
{
    public const int Digits = 6;
    public const int StepSeconds = 30;

    private const string UseSql = """
        INSERT INTO mfa_used_otp_steps (user_id, step, used_at) VALUES (@user, @step, @now)
        ON CONFLICT (user_id, step) DO NOTHING
        RETURNING step
        """;

    /// <summary>A new 160-bit secret, as authenticator apps expect it (base32 in the <c>otpauth://</c> URI).</summary>
    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret).TrimEnd('=');

    public static bool IsWellFormed(string? code) => code is { Length: Digits } && code.All(char.IsAsciiDigit);

    /// <summary>The time step <paramref name="code"/> matches within ±1 step of now, or null.</summary>
    public long? Match(byte[] secret, string code) => MatchAt(secret, code, time.GetUtcNow());

    /// <summary>The time step a well-formed <paramref name="code"/> matches within ±1 step of <paramref name="now"/>, or null.</summary>
    public static long? MatchAt(byte[] secret, string? code, DateTimeOffset now)
    {
        if (!IsWellFormed(code))
        {
            return null;
        }

        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The code of the step at <paramref name="now"/> (tests and self-checks).</summary>
    public static string Compute(byte[] secret, DateTimeOffset now) => new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(now.UtcDateTime);

    /// <summary>The <c>otpauth://</c> URI authenticator apps scan.</summary>
    public static string EnrolmentUri(byte[] secret, string account, string issuer) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={Base32(secret)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";

    /// <summary>Records the step as used; false when it already was (a replayed code).</summary>
    public async Task<bool> UseStepAsync(string userId, long step, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = await writes.EnterAsync(cancellationToken);
        // Steps older than the window can never match again; the user's own old rows go with each use.
        await RawSql.FirstRowAsync(db, "DELETE FROM mfa_used_otp_steps WHERE user_id = @user AND used_at < @old", cancellationToken,
            ("@user", userId), ("@old", now - 10 * 60 * 1000L));
        var row = await RawSql.FirstRowAsync(db, UseSql, cancellationToken, ("@user", userId), ("@step", step), ("@now", now));
        return row.Count > 0;
    }
}

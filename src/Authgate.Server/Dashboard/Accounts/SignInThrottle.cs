using System.Security.Cryptography;
using System.Text;
using Authgate.Storage;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard.Accounts;

/// <summary>
/// Brute-force protection for the dashboard sign-in, in the shared database so every node counts the same failures:
/// one counter per account (keyed by the typed email's hash, so an unknown email is throttled like a known one and
/// reveals nothing) and one per IP address. A wrong password or TOTP code counts; reaching the limit within the
/// window locks the key for <see cref="DashboardOptions.LockoutMinutes"/>.
/// </summary>
internal sealed class SignInThrottle(AuthDbContext db, WriteGate writes, TimeProvider time, IOptions<DashboardOptions> options)
{
    private const string FailSql = """
        INSERT INTO dashboard_sign_in_failures (key, failures, window_started_at, locked_until)
        VALUES (@key, 1, @now, CASE WHEN 1 >= @max THEN @until ELSE NULL END)
        ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN dashboard_sign_in_failures.window_started_at < @expired THEN 1 ELSE dashboard_sign_in_failures.failures + 1 END,
            window_started_at = CASE WHEN dashboard_sign_in_failures.window_started_at < @expired THEN @now ELSE dashboard_sign_in_failures.window_started_at END,
            locked_until = CASE
                WHEN (CASE WHEN dashboard_sign_in_failures.window_started_at < @expired THEN 1 ELSE dashboard_sign_in_failures.failures + 1 END) >= @max THEN @until
                ELSE dashboard_sign_in_failures.locked_until END
        RETURNING failures
        """;

    public static string AccountKey(string email) =>
        "account|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    public static string IpKey(string? ip) => "ip|" + (ip ?? "unknown");

    /// <summary>True while either key is locked.</summary>
    public async Task<bool> IsLockedAsync(string email, string? ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await RawSql.FirstRowAsync(db,
            "SELECT COUNT(*) FROM dashboard_sign_in_failures WHERE key IN (@account, @ip) AND locked_until IS NOT NULL AND locked_until > @now",
            cancellationToken, ("@account", AccountKey(email)), ("@ip", IpKey(ip)), ("@now", now));
        return Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public async Task FailAsync(string email, string? ip, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await CountAsync(AccountKey(email), settings.MaxFailedSignIns, cancellationToken);
        await CountAsync(IpKey(ip), settings.MaxFailedSignInsPerIp, cancellationToken);
    }

    /// <summary>A complete sign-in clears the account's count (not the IP's: one good account must not launder an attacker's IP).</summary>
    public async Task SucceedAsync(string email, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        await RawSql.FirstRowAsync(db, "DELETE FROM dashboard_sign_in_failures WHERE key = @key", cancellationToken, ("@key", AccountKey(email)));
    }

    private async Task CountAsync(string key, int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        using var write = await writes.EnterAsync(cancellationToken);
        await RawSql.FirstRowAsync(db, FailSql, cancellationToken,
            ("@key", key), ("@now", now.ToUnixTimeMilliseconds()), ("@max", max),
            ("@until", (now + window).ToUnixTimeMilliseconds()), ("@expired", (now - window).ToUnixTimeMilliseconds()));
    }
}

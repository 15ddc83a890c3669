using System.Globalization;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Protection;

/// <summary>
/// Failed logins per IP across accounts, as a token bucket in the shared database: <c>max_attempts</c> tokens,
/// one earned back every <c>rate</c> milliseconds, one spent per failed login. An IP with no token left is
/// throttled until it earns one back.
/// </summary>
internal sealed class SuspiciousIpThrottle(RequestStorage storage, WriteGate writes, TimeProvider time)
{
    private const string ConsumeSql = """
        INSERT INTO ip_throttles (ip, tokens, updated_at, throttled_at) VALUES (@ip, @max - 1, @now, NULL)
        ON CONFLICT (ip) DO UPDATE SET
            tokens = CASE
                WHEN ip_throttles.tokens + (@now - ip_throttles.updated_at) * 1.0 / @rate >= @max THEN @max - 1
                WHEN ip_throttles.tokens + (@now - ip_throttles.updated_at) * 1.0 / @rate < 1 THEN 0
                ELSE ip_throttles.tokens + (@now - ip_throttles.updated_at) * 1.0 / @rate - 1 END,
            updated_at = @now
        RETURNING tokens
        """;

    /// <summary>True while the IP still has an attempt to spend.</summary>
    public async Task<bool> AllowsAsync(string ip, int maxAttempts, long rateMilliseconds, CancellationToken cancellationToken)
    {
        var row = await storage.FirstRowAsync("SELECT tokens, updated_at FROM ip_throttles WHERE ip = @ip", cancellationToken, ("@ip", ip));
        if (row is not [var tokens, var updatedAt])
        {
            return true;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var earned = (now - Convert.ToInt64(updatedAt, CultureInfo.InvariantCulture)) / (double)rateMilliseconds;
        return Math.Min(maxAttempts, Convert.ToDouble(tokens, CultureInfo.InvariantCulture) + earned) >= 1;
    }

    /// <summary>Spends one attempt for a failed login; true when the IP has just run out (the moment to log <c>limit_mu</c>).</summary>
    public async Task<bool> ConsumeAsync(string ip, int maxAttempts, long rateMilliseconds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = await writes.EnterAsync(cancellationToken);
        var row = await storage.FirstRowAsync(ConsumeSql, cancellationToken, ("@ip", ip), ("@max", maxAttempts), ("@now", now), ("@rate", rateMilliseconds));
        return Convert.ToDouble(row[0], CultureInfo.InvariantCulture) < 1;
    }
}

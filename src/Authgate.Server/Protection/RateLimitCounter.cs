using System.Globalization;
using Authgate.Storage;

namespace Authgate.Protection;

/// <summary>
/// Fixed-window counters kept in the shared database, so every node counts the same hits: one atomic upsert
/// per hit (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, the same SQL on SQLite and PostgreSQL).
/// </summary>
internal sealed class RateLimitCounter(GroupCommit commits, TimeProvider time)
{
    private const string HitSql = """
        INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (@key, @window, 1, @expires)
        ON CONFLICT (key) DO UPDATE SET
            count = CASE WHEN rate_limits.window_start = @window THEN rate_limits.count + 1 ELSE 1 END,
            window_start = @window,
            expires_at = @expires
        RETURNING count
        """;

    public async Task<RateLimitDecision> HitAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var length = (long)window.TotalMilliseconds;
        var start = now - (now % length);
        var end = start + length;

        // One statement of the group commit: hits of concurrent requests share a transaction.
        var count = Convert.ToInt64(await commits.WriteScalarStatementAsync("rate_limit", batch =>
        {
            var hit = batch.Command(HitSql, "@key", "@window", "@expires");
            hit.Parameters[0].Value = key;
            hit.Parameters[1].Value = start;
            hit.Parameters[2].Value = end;
            return hit;
        }).WaitAsync(cancellationToken), CultureInfo.InvariantCulture);
        var resetSeconds = (long)Math.Ceiling(end / 1000.0);
        var retryAfter = (int)Math.Max(1, Math.Ceiling((end - now) / 1000.0));
        return new RateLimitDecision(count <= limit, limit, (int)Math.Max(0, limit - count), resetSeconds, retryAfter, count);
    }
}

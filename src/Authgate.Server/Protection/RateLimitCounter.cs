using System.Collections.Concurrent;
using System.Globalization;
using Authgate.Storage;

namespace Authgate.Protection;

/// <summary>
/// Fixed-window counters kept in the shared database, so every node counts the same hits: one atomic upsert
/// per hit (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, the same SQL on SQLite and PostgreSQL). A key the shared
/// count has put over its limit stays refused until its window ends, whatever any node counts meanwhile (counts only
/// grow within a window), so this node remembers it and refuses its further hits without a write: a flood past a
/// limit is answered from memory instead of costing a database write per request. The memory is only ever a refusal
/// the database already gave; every allowed hit is still counted in the database.
/// </summary>
internal sealed class RateLimitCounter(GroupCommit commits, TimeProvider time)
{
    /// <summary>Keys remembered as refused at most; past that, refusals are counted in the database as before.</summary>
    public const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Refused> refused = new(StringComparer.Ordinal);
    private long nextPurge;

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
        var resetSeconds = (long)Math.Ceiling(end / 1000.0);
        var retryAfter = (int)Math.Max(1, Math.Ceiling((end - now) / 1000.0));
        if (refused.TryGetValue(key, out var known))
        {
            if (known.WindowEnd == end && known.Limit == limit)
            {
                // Count 0: not counted, so never the window's first refusal (RateLimitDecision.JustExceeded).
                return new RateLimitDecision(false, limit, 0, resetSeconds, retryAfter);
            }

            refused.TryRemove(new KeyValuePair<string, Refused>(key, known));
        }

        // One statement of the group commit: hits of concurrent requests share a transaction.
        var count = Convert.ToInt64(await commits.WriteScalarStatementAsync("rate_limit", batch =>
        {
            var hit = batch.Command(HitSql, "@key", "@window", "@expires");
            hit.Parameters[0].Value = key;
            hit.Parameters[1].Value = start;
            hit.Parameters[2].Value = end;
            return hit;
        }).WaitAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (count > limit)
        {
            Remember(key, new Refused(end, limit), now);
        }

        return new RateLimitDecision(count <= limit, limit, (int)Math.Max(0, limit - count), resetSeconds, retryAfter, count);
    }

    private void Remember(string key, Refused refusal, long now)
    {
        if (refused.Count >= MaxRemembered)
        {
            // Full: clear the ended windows, at most once a second, so many keys past their limits cannot make every
            // refusal a scan of the table.
            var due = Interlocked.Read(ref nextPurge);
            if (now < due || Interlocked.CompareExchange(ref nextPurge, now + 1000, due) != due)
            {
                return;
            }

            foreach (var (stale, known) in refused)
            {
                if (known.WindowEnd <= now)
                {
                    refused.TryRemove(new KeyValuePair<string, Refused>(stale, known));
                }
            }

            if (refused.Count >= MaxRemembered)
            {
                return;
            }
        }

        refused[key] = refusal;
    }

    /// <summary>A key refused until <see cref="WindowEnd"/> (Unix milliseconds) under <see cref="Limit"/>: a changed limit is counted again.</summary>
    private readonly record struct Refused(long WindowEnd, int Limit);
}

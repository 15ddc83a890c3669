using System.Globalization;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Protection;

/// <summary>
/// Failed-login counts per key (account and IP, or account alone; an account is its user id, or the typed name when no
/// account has it), in the shared database. A password check
/// first reserves a slot with one atomic upsert that succeeds only while failures plus checks under way stay below
/// <c>max_attempts</c>; so however many attempts race, on however many nodes, at most <c>max_attempts</c> wrong
/// passwords are ever checked against the hash before the block applies. Counts reset 30 days after the last failure.
/// </summary>
internal sealed class BruteForceCounter(RequestStorage storage, WriteGate writes, TimeProvider time)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(30);

    /// <summary>A reservation that has not finished within this time is treated as abandoned (a crashed node).</summary>
    public static readonly TimeSpan StaleReservation = TimeSpan.FromMinutes(1);

    private const string ReserveSql = """
        INSERT INTO login_failures (key, connection_id, identifier, ip, failures, pending, pending_since, last_failure_at, blocked_at)
        VALUES (@key, @connection, @identifier, @ip, 0, 1, @now, NULL, NULL)
        ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN login_failures.last_failure_at < @expired THEN 0 ELSE login_failures.failures END,
            blocked_at = CASE WHEN login_failures.last_failure_at < @expired THEN NULL ELSE login_failures.blocked_at END,
            pending = CASE WHEN login_failures.pending_since < @stale THEN 1 ELSE login_failures.pending + 1 END,
            pending_since = @now
        WHERE (CASE WHEN login_failures.last_failure_at < @expired THEN 0 ELSE login_failures.failures END)
            + (CASE WHEN login_failures.pending_since < @stale THEN 0 ELSE login_failures.pending END) < @max
        RETURNING failures
        """;

    private const string FailSql = """
        UPDATE login_failures SET
            failures = failures + 1,
            pending = CASE WHEN pending > 0 THEN pending - 1 ELSE 0 END,
            last_failure_at = @now,
            blocked_at = CASE WHEN blocked_at IS NULL AND failures + 1 >= @max THEN @now ELSE blocked_at END
        WHERE key = @key
        RETURNING failures, blocked_at
        """;

    public static string Key(string mode, string connectionId, string identifier, string? ip) =>
        mode == BruteForceSettings.PerIdentifier ? $"{connectionId}|{identifier}" : $"{connectionId}|{identifier}|{ip}";

    /// <summary>True when a password check may go ahead.</summary>
    public async Task<bool> ReserveAsync(string key, string connectionId, string identifier, string? ip, int maxAttempts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var write = await writes.EnterAsync(cancellationToken);
        var result = await storage.FirstRowAsync(ReserveSql, cancellationToken,
            ("@key", key), ("@connection", connectionId), ("@identifier", identifier), ("@ip", ip),
            ("@now", now.ToUnixTimeMilliseconds()), ("@expired", (now - Expiry).ToUnixTimeMilliseconds()),
            ("@stale", (now - StaleReservation).ToUnixTimeMilliseconds()), ("@max", maxAttempts));
        return result.Count > 0;
    }

    /// <summary>True when the key has reached <paramref name="maxAttempts"/> failures within the expiry (a read, no reservation).</summary>
    public async Task<bool> IsBlockedAsync(string key, int maxAttempts, CancellationToken cancellationToken)
    {
        var since = (time.GetUtcNow() - Expiry).ToUnixTimeMilliseconds();
        var result = await storage.FirstRowAsync("SELECT failures FROM login_failures WHERE key = @key AND failures >= @max AND last_failure_at >= @since",
            cancellationToken, ("@key", key), ("@max", maxAttempts), ("@since", since));
        return result.Count > 0;
    }

    /// <summary>Records a wrong password; true when this failure is the one that blocks.</summary>
    public async Task<bool> FailAsync(string key, int maxAttempts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = await writes.EnterAsync(cancellationToken);
        var result = await storage.FirstRowAsync(FailSql, cancellationToken, ("@key", key), ("@now", now), ("@max", maxAttempts));
        return result.Count == 2 && result[1] is long blockedAt && blockedAt == now
            && Convert.ToInt64(result[0], CultureInfo.InvariantCulture) == maxAttempts;
    }

    /// <summary>A good password resets the count.</summary>
    public async Task SucceedAsync(string key, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        await storage.ExecuteAsync("DELETE FROM login_failures WHERE key = @key", cancellationToken, ("@key", key));
    }

    /// <summary>A check that did not happen (the hashing lane was full) gives its slot back.</summary>
    public async Task CancelAsync(string key, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        await storage.ExecuteAsync("UPDATE login_failures SET pending = CASE WHEN pending > 0 THEN pending - 1 ELSE 0 END WHERE key = @key", cancellationToken, ("@key", key));
    }
}

using Authgate.Storage;
using Microsoft.Extensions.Options;

namespace Authgate.Mfa;

/// <summary>
/// Auth0's limit on code checks: per user and per kind of code, a bucket of <see cref="MfaOptions.AttemptBucketSize"/>
/// that refills one every <see cref="MfaOptions.AttemptRefillSeconds"/>. Kept in the shared database as a generic
/// cell-rate "theoretical arrival time": a check takes a token with one atomic conditional upsert (so racing checks on
/// any number of nodes never exceed the bucket), and a check that succeeded gives its token back. The buckets are
/// separate from password brute-force counting, so a known password does not buy more code guesses and password
/// guessing cannot drain the real user's code bucket.
/// </summary>
internal sealed class AttemptBuckets(AuthDbContext db, WriteGate writes, TimeProvider time, IOptions<MfaOptions> options)
{
    public const string Otp = "otp";
    public const string Oob = "oob";
    public const string Recovery = "recovery";

    private const string TakeSql = """
        INSERT INTO mfa_attempts (key, tat) VALUES (@key, @now + @interval)
        ON CONFLICT (key) DO UPDATE SET
            tat = (CASE WHEN mfa_attempts.tat > @now THEN mfa_attempts.tat ELSE @now END) + @interval
        WHERE (CASE WHEN mfa_attempts.tat > @now THEN mfa_attempts.tat ELSE @now END) - @now <= @burst
        RETURNING tat
        """;

    /// <summary>Takes a token for one check; false when the bucket is empty.</summary>
    public async Task<bool> TakeAsync(string kind, string userId, CancellationToken cancellationToken)
    {
        var interval = options.Value.AttemptRefillSeconds * 1000L;
        using var write = await writes.EnterAsync(cancellationToken);
        var row = await RawSql.FirstRowAsync(db, TakeSql, cancellationToken,
            ("@key", Key(kind, userId)), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("@interval", interval),
            ("@burst", (options.Value.AttemptBucketSize - 1) * interval));
        return row.Count > 0;
    }

    /// <summary>A successful check does not count against the bucket.</summary>
    public async Task GiveBackAsync(string kind, string userId, CancellationToken cancellationToken)
    {
        var interval = options.Value.AttemptRefillSeconds * 1000L;
        using var write = await writes.EnterAsync(cancellationToken);
        await RawSql.FirstRowAsync(db, "UPDATE mfa_attempts SET tat = tat - @interval WHERE key = @key RETURNING tat", cancellationToken,
            ("@key", Key(kind, userId)), ("@interval", interval));
    }

    private static string Key(string kind, string userId) => kind + "|" + userId;
}

using Authgate.Storage;
using Microsoft.Extensions.Options;

namespace Authgate.Tokens;

/// <summary>
/// Deletes refresh tokens that can never be exchanged again, and stale rate-limit counters, in bounded batches.
/// Deletes are idempotent, so several nodes may purge at once. Rotated tokens are kept for
/// <see cref="RefreshTokenOptions.RotatedRetention"/> so their reuse is still recognised.
/// </summary>
internal sealed class RefreshTokenPurger(RequestStorage storage, TimeProvider time, IOptions<RefreshTokenOptions> options)
{
    // A plain statement, not an EF query: every node purges, most of them running nothing else that needs EF's queries.
    // Instants are stored as Unix milliseconds; a null compares as unknown, so a token never rotated or revoked is
    // purged by its expiry only.
    private const string PurgeSql = """
        DELETE FROM refresh_tokens WHERE id IN (
            SELECT id FROM refresh_tokens
            WHERE expires_at <= @now OR revoked_at <= @revoked OR rotated_at <= @rotated
               OR (rotated_at IS NULL AND idle_expires_at <= @now)
            LIMIT @batch)
        """;

    /// <summary>Returns the number of rows deleted.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var deleted = 0;
        for (var batch = 0; batch < settings.PurgeMaxBatches; batch++)
        {
            var count = await storage.ExecuteAsync(PurgeSql, cancellationToken,
                ("@now", now.ToUnixTimeMilliseconds()),
                ("@revoked", (now - settings.RevokedRetention).ToUnixTimeMilliseconds()),
                ("@rotated", (now - settings.RotatedRetention).ToUnixTimeMilliseconds()),
                ("@batch", settings.PurgeBatchSize));
            deleted += count;
            if (count < settings.PurgeBatchSize)
            {
                break;
            }
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        deleted += await storage.ExecuteAsync("DELETE FROM rate_limits WHERE expires_at < @now", cancellationToken, ("@now", nowMs));
        deleted += await storage.ExecuteAsync("DELETE FROM client_assertion_jtis WHERE expires_at < @now", cancellationToken, ("@now", nowMs));
        return deleted;
    }
}

using Authgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Tokens;

/// <summary>
/// Deletes refresh tokens that can never be exchanged again, and stale rate-limit counters, in bounded batches.
/// Deletes are idempotent, so several nodes may purge at once. Rotated tokens are kept for
/// <see cref="RefreshTokenOptions.RotatedRetention"/> so their reuse is still recognised.
/// </summary>
internal sealed class RefreshTokenPurger(AuthDbContext db, TimeProvider time, IOptions<RefreshTokenOptions> options)
{
    /// <summary>Returns the number of rows deleted.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var revokedBefore = now - settings.RevokedRetention;
        var rotatedBefore = now - settings.RotatedRetention;
        var deleted = 0;
        for (var batch = 0; batch < settings.PurgeMaxBatches; batch++)
        {
            var ids = db.RefreshTokens
                .Where(t => t.ExpiresAt <= now
                    || t.RevokedAt <= revokedBefore
                    || t.RotatedAt <= rotatedBefore
                    || (t.RotatedAt == null && t.IdleExpiresAt <= now))
                .Select(t => t.Id)
                .Take(settings.PurgeBatchSize);
            var count = await db.RefreshTokens.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
            deleted += count;
            if (count < settings.PurgeBatchSize)
            {
                break;
            }
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        deleted += await db.Database.ExecuteSqlAsync($"DELETE FROM rate_limits WHERE expires_at < {nowMs}", cancellationToken);
        deleted += await db.Database.ExecuteSqlAsync($"DELETE FROM client_assertion_jtis WHERE expires_at < {nowMs}", cancellationToken);
        return deleted;
    }
}

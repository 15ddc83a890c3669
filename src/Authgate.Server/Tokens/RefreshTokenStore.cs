using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Tokens;

/// <summary>
/// Issues, exchanges and revokes refresh tokens. Every state change is one conditional UPDATE (compare-and-swap on
/// <c>rotated_at IS NULL</c>) committed before the caller answers, so racing exchanges on any number of nodes end
/// on one successor, and a token returned in a 200 survives a crash right after.
/// </summary>
internal sealed partial class RefreshTokenStore(
    AuthDbContext db,
    WriteGate writes,
    RefreshTokenValues values,
    TimeProvider time,
    IOptions<RefreshTokenOptions> options,
    ILogger<RefreshTokenStore> logger)
{
    public sealed record Exchange(RefreshToken? Token, string? NewValue, bool ReuseDetected);

    public async Task<string> IssueAsync(Client client, User user, string? audience, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var settings = client.RefreshToken ?? new RefreshTokenSettings();
        var now = time.GetUtcNow().UtcDateTime;
        var value = RefreshTokenValues.New();
        var id = RandomValues.Hex(16);
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = id,
            TokenHash = RefreshTokenValues.Hash(value),
            FamilyId = id,
            ClientId = client.ClientId,
            UserId = user.UserId,
            ConnectionId = user.ConnectionId,
            Audience = audience,
            Scope = string.Join(' ', scopes),
            Rotating = settings.IsRotating,
            AuthTime = now,
            CreatedAt = now,
            ExpiresAt = now + settings.AbsoluteLifetime,
            IdleExpiresAt = now + settings.IdleLifetime,
        });
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        await RevokeBeyondLimitAsync(client.ClientId, user.UserId, now, cancellationToken);
        return value;
    }

    /// <summary>The token behind <paramref name="value"/> if it can still be exchanged by <paramref name="client"/>.</summary>
    public async Task<RefreshToken?> FindUsableAsync(Client client, string value, CancellationToken cancellationToken)
    {
        var hash = RefreshTokenValues.Hash(value);
        var token = await HotQueries.RefreshTokenByHash(db, hash);
        var now = time.GetUtcNow().UtcDateTime;
        if (token is null || token.ClientId != client.ClientId || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }

        // A rotated token's own idle expiry no longer matters: the leeway or reuse rules decide in AdvanceAsync.
        return token.RotatedAt is null && token.IdleExpiresAt <= now ? null : token;
    }

    /// <summary>
    /// Moves the family forward after a successful check: non-rotating tokens are touched; rotating ones are
    /// replaced by their successor once, and a re-exchange inside the leeway gets that same successor. Any other
    /// use of a rotated token is reuse: the whole family is revoked.
    /// </summary>
    public async Task<Exchange> AdvanceAsync(Client client, RefreshToken token, string value, CancellationToken cancellationToken)
    {
        var settings = client.RefreshToken ?? new RefreshTokenSettings();
        var now = time.GetUtcNow().UtcDateTime;
        var idleExpiry = now + settings.IdleLifetime;

        using var write = await writes.EnterAsync(cancellationToken);
        if (!token.Rotating)
        {
            var touchedIdleExpiry = token.IdleExpiresAt is null ? null : idleExpiry;
            await db.RefreshTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.LastUsedAt, now)
                .SetProperty(t => t.IdleExpiresAt, touchedIdleExpiry), cancellationToken);
            return new Exchange(token, null, false);
        }

        var successorValue = values.Successor(value);
        if (token.RotatedAt is null)
        {
            var successor = Successor(token, successorValue, now, idleExpiry);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var won = await db.RefreshTokens
                .Where(t => t.Id == token.Id && t.RotatedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.RotatedAt, now)
                    .SetProperty(t => t.ReplacedById, successor.Id)
                    .SetProperty(t => t.LastUsedAt, now), cancellationToken);
            if (won == 1)
            {
                db.RefreshTokens.Add(successor);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new Exchange(successor, successorValue, false);
            }

            await transaction.RollbackAsync(cancellationToken);
            token = await db.RefreshTokens.FirstAsync(t => t.Id == token.Id, cancellationToken);
        }

        if (settings.Leeway > 0 && token.RevokedAt is null && token.RotatedAt is { } rotatedAt
            && now - rotatedAt <= TimeSpan.FromSeconds(settings.Leeway))
        {
            var current = await db.RefreshTokens.FirstOrDefaultAsync(t => t.Id == token.ReplacedById, cancellationToken);
            if (current is { RotatedAt: null, RevokedAt: null } && !(current.ExpiresAt <= now))
            {
                return new Exchange(current, successorValue, false);
            }
        }

        await RevokeFamilyAsync(token.FamilyId, "reuse", cancellationToken);
        LogReuse(logger, token.FamilyId, token.ClientId, token.UserId);
        return new Exchange(null, null, true);
    }

    /// <summary>Revokes the family of the token behind <paramref name="value"/> if it belongs to <paramref name="client"/>.</summary>
    public async Task<RevocationResult> RevokeAsync(Client client, string value, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        var hash = RefreshTokenValues.Hash(value);
        var token = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null)
        {
            return RevocationResult.Unknown;
        }

        if (token.ClientId != client.ClientId)
        {
            return RevocationResult.AnotherClient;
        }

        await RevokeFamilyAsync(token.FamilyId, "revoked", cancellationToken);
        return RevocationResult.Revoked;
    }

    private Task<int> RevokeFamilyAsync(string familyId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), cancellationToken);
    }

    private async Task RevokeBeyondLimitAsync(string clientId, string userId, DateTime now, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxActivePerUserAndClient;
        var stale = await db.RefreshTokens
            .Where(t => t.UserId == userId && t.ClientId == clientId && t.RotatedAt == null && t.RevokedAt == null)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(limit)
            .Select(t => t.FamilyId)
            .ToListAsync(cancellationToken);
        if (stale.Count > 0)
        {
            using var write = await writes.EnterAsync(cancellationToken);
            await db.RefreshTokens.Where(t => stale.Contains(t.FamilyId) && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, "limit"), cancellationToken);
        }
    }

    private static RefreshToken Successor(RefreshToken token, string value, DateTime now, DateTime? idleExpiry) => new()
    {
        Id = RandomValues.Hex(16),
        TokenHash = RefreshTokenValues.Hash(value),
        FamilyId = token.FamilyId,
        ParentId = token.Id,
        ClientId = token.ClientId,
        UserId = token.UserId,
        ConnectionId = token.ConnectionId,
        Audience = token.Audience,
        Scope = token.Scope,
        Rotating = true,
        AuthTime = token.AuthTime,
        CreatedAt = now,
        ExpiresAt = token.ExpiresAt,
        IdleExpiresAt = token.IdleExpiresAt is null ? null : idleExpiry,
    };

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Refresh token reuse detected: family {FamilyId} of client {ClientId}, user {UserId} revoked")]
    private static partial void LogReuse(ILogger logger, string familyId, string clientId, string userId);
}

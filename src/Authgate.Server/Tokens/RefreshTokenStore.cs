using System.Data.Common;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Authgate.Tokens;

/// <summary>
/// Issues, exchanges and revokes refresh tokens. Every state change is one conditional UPDATE (compare-and-swap on
/// <c>rotated_at IS NULL</c>) committed before the caller answers, so racing exchanges on any number of nodes end
/// on one successor, and a token returned in a 200 survives a crash right after. The writes go through
/// <see cref="GroupCommit"/>: concurrent exchanges share one transaction, each answered after its commit.
/// </summary>
internal sealed partial class RefreshTokenStore(
    RequestStorage storage,
    GroupCommit commits,
    HotReads reads,
    RefreshTokenValues values,
    TimeProvider time,
    IOptions<RefreshTokenOptions> options,
    ILogger<RefreshTokenStore> logger)
{
    private const string RotateSql = """
        UPDATE refresh_tokens SET rotated_at = @now, replaced_by_id = @successor, last_used_at = @now
        WHERE id = @id AND rotated_at IS NULL AND revoked_at IS NULL
        """;

    private const string TouchSql = "UPDATE refresh_tokens SET last_used_at = @now, idle_expires_at = @idle, expires_at = @expires WHERE id = @id";

    // User and client lead so the one (user_id, client_id, family_id) index finds the family.
    private const string RevokeFamilySql = """
        UPDATE refresh_tokens SET revoked_at = @now, revoked_reason = @reason
        WHERE user_id = @user AND client_id = @client AND family_id = @family AND revoked_at IS NULL
        """;

    // The newest MaxActivePerUserAndClient live tokens of a user and client stay; older families are revoked.
    // SQLite needs a LIMIT before OFFSET (-1: none), PostgreSQL refuses a negative one.
    private const string RevokeBeyondLimitSql = """
        UPDATE refresh_tokens SET revoked_at = @now, revoked_reason = 'limit'
        WHERE user_id = @user AND client_id = @client AND revoked_at IS NULL AND family_id IN (
            SELECT family_id FROM refresh_tokens
            WHERE user_id = @user AND client_id = @client AND rotated_at IS NULL AND revoked_at IS NULL
            ORDER BY created_at DESC, id DESC {0} OFFSET @limit)
        """;

    private static readonly string RevokeBeyondLimitSqlite = string.Format(System.Globalization.CultureInfo.InvariantCulture, RevokeBeyondLimitSql, "LIMIT -1");
    private static readonly string RevokeBeyondLimitPostgres = string.Format(System.Globalization.CultureInfo.InvariantCulture, RevokeBeyondLimitSql, "");

    private static string? rotateAndInsertSql;

    /// <summary>PostgreSQL: the compare-and-swap and the successor's insert in one statement (a data-modifying CTE).</summary>
    private static string RotateAndInsertSql(EntityRows<RefreshToken> rows) => rotateAndInsertSql ??= $"""
        WITH rotated AS (
            UPDATE refresh_tokens SET rotated_at = @now, replaced_by_id = {rows.Parameter(nameof(RefreshToken.Id))}, last_used_at = @now
            WHERE id = @id AND rotated_at IS NULL AND revoked_at IS NULL
            RETURNING id)
        {rows.InsertSql.Replace(" VALUES (", " SELECT ", StringComparison.Ordinal).TrimEnd(')')} WHERE EXISTS (SELECT 1 FROM rotated)
        """;

    public sealed record Exchange(RefreshToken? Token, string? NewValue, bool ReuseDetected);

    public async Task<string> IssueAsync(Client client, User user, string? audience, IReadOnlyList<string> scopes, RefreshTokenLimits limits, CancellationToken cancellationToken)
    {
        var settings = client.RefreshToken ?? new RefreshTokenSettings();
        var now = time.GetUtcNow();
        var id = RefreshTokenValues.NewId(now);
        var value = RefreshTokenValues.New(id);
        var token = new RefreshToken
        {
            Id = id,
            TokenHash = LookupHash.Of(value),
            Format = RefreshTokenValues.ById,
            FamilyId = id,
            ClientId = client.ClientId,
            UserId = user.UserId,
            ConnectionId = user.ConnectionId,
            Audience = audience,
            Scope = string.Join(' ', scopes),
            Rotating = settings.IsRotating,
            AuthTime = now.UtcDateTime,
            CreatedAt = now.UtcDateTime,
            ExpiresAt = RefreshTokenLimits.Earliest(now.UtcDateTime + settings.AbsoluteLifetime, limits.ExpiresAt),
            IdleExpiresAt = RefreshTokenLimits.Earliest(now.UtcDateTime + settings.IdleLifetime, limits.IdleExpiresAt),
        };
        var rows = reads.Rows<RefreshToken>();
        var limit = options.Value.MaxActivePerUserAndClient;
        await commits.WriteAsync("refresh_issue", async batch =>
        {
            var insert = batch.Command(rows.InsertSql);
            rows.Bind(insert, token);
            await batch.ExecuteNonQueryAsync(insert);
            var revoke = batch.Command(batch.IsPostgres ? RevokeBeyondLimitPostgres : RevokeBeyondLimitSqlite, "@now", "@user", "@client", "@limit");
            Set(revoke, now.ToUnixTimeMilliseconds(), user.UserId, client.ClientId, limit);
            return await batch.ExecuteNonQueryAsync(revoke);
        }).WaitAsync(cancellationToken);
        return value;
    }

    /// <summary>A token that can still be exchanged, and its user as stored now (null: deleted).</summary>
    public sealed record Usable(RefreshToken Token, User? User);

    /// <summary>The token behind <paramref name="value"/> if it can still be exchanged by <paramref name="client"/>, with its user.</summary>
    public async Task<Usable?> FindUsableAsync(Client client, string value, CancellationToken cancellationToken)
    {
        var found = await FindAsync(value);
        var now = time.GetUtcNow().UtcDateTime;
        if (found is not var (token, user) || token.ClientId != client.ClientId || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }

        // A rotated token's own idle expiry no longer matters: the leeway or reuse rules decide in AdvanceAsync.
        return token.RotatedAt is null && token.IdleExpiresAt <= now ? null : new Usable(token, user);
    }

    /// <summary>
    /// Moves the family forward after a successful check: non-rotating tokens are touched; rotating ones are
    /// replaced by their successor once, and a re-exchange inside the leeway gets that same successor. Any other
    /// use of a rotated token is reuse: the whole family is revoked.
    /// </summary>
    public async Task<Exchange> AdvanceAsync(Client client, RefreshToken token, string value, RefreshTokenLimits limits, CancellationToken cancellationToken)
    {
        var settings = client.RefreshToken ?? new RefreshTokenSettings();
        var now = time.GetUtcNow();
        // A token without an idle expiry keeps none unless an Action sets one; an Action's expiries only shorten.
        var idleExpiry = RefreshTokenLimits.Earliest(token.IdleExpiresAt is null ? null : now.UtcDateTime + settings.IdleLifetime, limits.IdleExpiresAt);
        var expiry = RefreshTokenLimits.Earliest(token.ExpiresAt, limits.ExpiresAt);

        if (!token.Rotating)
        {
            await commits.WriteStatementAsync("refresh_touch", batch =>
            {
                var touch = batch.Command(TouchSql, "@now", "@idle", "@expires", "@id");
                Set(touch, now.ToUnixTimeMilliseconds(), UnixMilliseconds.Of(idleExpiry), UnixMilliseconds.Of(expiry), token.Id);
                return touch;
            }).WaitAsync(cancellationToken);
            token.IdleExpiresAt = idleExpiry;
            token.ExpiresAt = expiry;
            return new Exchange(token, null, false);
        }

        if (token.RotatedAt is null)
        {
            var successorId = RefreshTokenValues.NewId(now);
            var successorValue = values.Successor(value, successorId);
            var successor = Successor(token, successorId, successorValue, now.UtcDateTime, idleExpiry, expiry);
            var rows = reads.Rows<RefreshToken>();
            // PostgreSQL: one statement (the successor is inserted only if the compare-and-swap updated the row), so a
            // group of rotations is one round trip. SQLite: the swap, then the insert if it won.
            var won = commits.IsPostgres
                ? await commits.WriteStatementAsync("rotation", batch => RotateAndInsert(batch, rows, successor, now.ToUnixTimeMilliseconds(), token.Id)).WaitAsync(cancellationToken) == 1
                : await commits.WriteAsync("rotation", async batch =>
                {
                    var rotate = batch.Command(RotateSql, "@now", "@successor", "@id");
                    Set(rotate, now.ToUnixTimeMilliseconds(), successor.Id, token.Id);
                    if (await batch.ExecuteNonQueryAsync(rotate) != 1)
                    {
                        return false;
                    }

                    var insert = batch.Command(rows.InsertSql);
                    rows.Bind(insert, successor);
                    await batch.ExecuteNonQueryAsync(insert);
                    return true;
                }).WaitAsync(cancellationToken);
            if (won)
            {
                return new Exchange(successor, successorValue, false);
            }

            // Lost the swap: read the row as the winner left it (with plain statements like the hot path's, not EF's
            // queries, whose expression trees would load the expression compiler for every node running this method).
            if ((await HotQueries.RefreshTokenAndUserById(storage, token.Id))?.Token is not { } raced)
            {
                return new Exchange(null, null, false);
            }

            token = raced;
        }

        if (settings.Leeway > 0 && token.RevokedAt is null && token.RotatedAt is { } rotatedAt
            && now.UtcDateTime - rotatedAt <= TimeSpan.FromSeconds(settings.Leeway))
        {
            var current = token.ReplacedById is { } next ? (await HotQueries.RefreshTokenAndUserById(storage, next))?.Token : null;
            if (current is { RotatedAt: null, RevokedAt: null } && !(current.ExpiresAt <= now.UtcDateTime))
            {
                return new Exchange(current, values.SuccessorOf(value, current), false);
            }
        }

        await RevokeFamilyAsync(token, "reuse", cancellationToken);
        LogReuse(logger, token.FamilyId, token.ClientId, token.UserId);
        return new Exchange(null, null, true);
    }

    /// <summary>Revokes the family of the token behind <paramref name="value"/> if it belongs to <paramref name="client"/>.</summary>
    public async Task<RevocationResult> RevokeAsync(Client client, string value, CancellationToken cancellationToken)
    {
        if (await FindAsync(value) is not var (token, _))
        {
            return RevocationResult.Unknown;
        }

        if (token.ClientId != client.ClientId)
        {
            return RevocationResult.AnotherClient;
        }

        await RevokeFamilyAsync(token, "revoked", cancellationToken);
        return RevocationResult.Revoked;
    }

    /// <summary>
    /// The row behind <paramref name="value"/> and its user (null: deleted): a v2 value by the id it names, accepted
    /// only if its hash matches the row's, the row and the user in one statement; a v1 value by its hash.
    /// </summary>
    private async Task<(RefreshToken Token, User? User)?> FindAsync(string value)
    {
        if (RefreshTokenValues.IdOf(value) is not { } id)
        {
            return await HotQueries.RefreshTokenByHash(storage, LookupHash.Of(value)) is { } legacy
                ? (legacy, await HotQueries.UserById(storage, legacy.UserId))
                : null;
        }

        var found = await HotQueries.RefreshTokenAndUserById(storage, id);
        return found is { } row && RefreshTokenValues.Matches(row.Token, value) ? row : null;
    }

    private Task<int> RevokeFamilyAsync(RefreshToken member, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return commits.WriteStatementAsync("revoke_family", batch =>
        {
            var revoke = batch.Command(RevokeFamilySql, "@now", "@reason", "@user", "@client", "@family");
            Set(revoke, now, reason, member.UserId, member.ClientId, member.FamilyId);
            return revoke;
        }).WaitAsync(cancellationToken);
    }

    /// <summary>PostgreSQL's rotation bound as its one statement: swap the presented row, and insert the successor only if the swap won.</summary>
    private static DbCommand RotateAndInsert(GroupCommit.Batch batch, EntityRows<RefreshToken> rows, RefreshToken successor, long now, string id)
    {
        var both = batch.Command(RotateAndInsertSql(rows));
        rows.Bind(both, successor);
        if (both.Parameters.Count == rows.ColumnCount)
        {
            foreach (var (name, value) in new (string, object)[] { ("@now", now), ("@id", id) })
            {
                var parameter = both.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                both.Parameters.Add(parameter);
            }
        }
        else
        {
            both.Parameters[rows.ColumnCount].Value = now;
            both.Parameters[rows.ColumnCount + 1].Value = id;
        }

        return both;
    }

    private static void Set(DbCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static RefreshToken Successor(RefreshToken token, string id, string value, DateTime now, DateTime? idleExpiry, DateTime? expiry) => new()
    {
        Id = id,
        TokenHash = LookupHash.Of(value),
        Format = RefreshTokenValues.ById,
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
        ExpiresAt = expiry,
        IdleExpiresAt = idleExpiry,
    };

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Refresh token reuse detected: family {FamilyId} of client {ClientId}, user {UserId} revoked")]
    private static partial void LogReuse(ILogger logger, string familyId, string clientId, string userId);
}

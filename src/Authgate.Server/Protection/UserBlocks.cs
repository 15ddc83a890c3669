using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Protection;

/// <summary>
/// The brute-force blocks in force, read the same way enforcement decides them (failures reached
/// <c>max_attempts</c> within the expiry), for the Management API's <c>user-blocks</c> and for unblocking.
/// </summary>
internal sealed class UserBlocks(RequestStorage storage, AttackProtectionStore settings, TimeProvider time)
{
    public sealed record Block(string Identifier, string? Ip, string ConnectionId);

    public async Task<List<Block>> ForIdentifiersAsync(IReadOnlyCollection<string> identifiers, string? connectionId, CancellationToken cancellationToken)
    {
        var max = (await settings.GetAsync(cancellationToken)).BruteForce.MaxAttempts ?? 10;
        var since = (time.GetUtcNow() - BruteForceCounter.Expiry).ToUnixTimeMilliseconds();
        var rows = await storage.Context.Database.SqlQuery<Row>($"SELECT identifier AS \"Identifier\", ip AS \"Ip\", connection_id AS \"ConnectionId\", failures AS \"Failures\", last_failure_at AS \"LastFailureAt\" FROM login_failures")
            .Where(r => identifiers.Contains(r.Identifier) && r.Failures >= max && r.LastFailureAt >= since && (connectionId == null || r.ConnectionId == connectionId))
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Block(r.Identifier, r.Ip, r.ConnectionId)).ToList();
    }

    /// <summary>Lifts every block (and count) of these identifiers; returns how many were lifted.</summary>
    public async Task<int> LiftAsync(IReadOnlyCollection<string> identifiers, string? connectionId, CancellationToken cancellationToken)
    {
        var lifted = 0;
        foreach (var identifier in identifiers)
        {
            lifted += connectionId is null
                ? await storage.Context.Database.ExecuteSqlAsync($"DELETE FROM login_failures WHERE identifier = {identifier}", cancellationToken)
                : await storage.Context.Database.ExecuteSqlAsync($"DELETE FROM login_failures WHERE identifier = {identifier} AND connection_id = {connectionId}", cancellationToken);
        }

        return lifted;
    }

    private sealed record Row(string Identifier, string? Ip, string ConnectionId, int Failures, long? LastFailureAt);
}

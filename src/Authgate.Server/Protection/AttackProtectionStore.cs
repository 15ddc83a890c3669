using System.Text.Json;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Protection;

/// <summary>The three attack protection settings, read from the database on each use so every node applies a change at once.</summary>
internal sealed class AttackProtectionStore(RequestStorage storage)
{
    public sealed record Snapshot(BruteForceSettings BruteForce, SuspiciousIpSettings SuspiciousIp, BreachedPasswordSettings BreachedPassword)
    {
        public IpAllowlist BruteForceAllowlist { get; } = IpAllowlist.Parse(BruteForce.Allowlist).List ?? IpAllowlist.Empty;
        public IpAllowlist SuspiciousIpAllowlist { get; } = IpAllowlist.Parse(SuspiciousIp.Allowlist).List ?? IpAllowlist.Empty;
    }

    // Parsed once per stored row: the row comes from the configuration cache, shared until the settings change.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AttackProtectionRow, Snapshot> Parsed = [];

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        var row = await HotQueries.AttackProtection(storage).WaitAsync(cancellationToken);
        return row is null
            ? new Snapshot(new BruteForceSettings(), new SuspiciousIpSettings(), new BreachedPasswordSettings())
            : Parsed.GetValue(row, Parse);
    }

    private static Snapshot Parse(AttackProtectionRow? row)
    {
        return row is null
            ? new Snapshot(new BruteForceSettings(), new SuspiciousIpSettings(), new BreachedPasswordSettings())
            : new Snapshot(
                Merge(new BruteForceSettings(), row.BruteForce),
                Merge(new SuspiciousIpSettings(), row.SuspiciousIp),
                Merge(new BreachedPasswordSettings(), row.BreachedPassword));
    }

    /// <summary>Stored values over the defaults: a field never set keeps Auth0's default.</summary>
    private static T Merge<T>(T defaults, string json) where T : class
    {
        var merged = JsonSerializer.SerializeToNode(defaults)!.AsObject();
        if (Json.StoredJson.Parse(json) is System.Text.Json.Nodes.JsonObject stored)
        {
            foreach (var (key, value) in stored.ToList())
            {
                stored.Remove(key);
                if (value is not null)
                {
                    merged[key] = value;
                }
            }
        }

        return merged.Deserialize<T>()!;
    }
}

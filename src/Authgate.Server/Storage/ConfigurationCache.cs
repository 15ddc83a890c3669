using System.Collections.Concurrent;
using Authgate.Observability;
using Authgate.Storage.Entities;

namespace Authgate.Storage;

/// <summary>
/// Configuration (clients, APIs, connections, client grants, the tenant and attack-protection settings) kept in
/// memory, yet every change applies at once on every node: each request first checks the version stamp that database
/// triggers bump with any change to those tables (<see cref="ConfigurationVersion"/>, one shared read per batch of
/// requests), and a new stamp starts an empty generation. Entries load on first use. Unknown keys are not cached, so
/// made-up client ids cannot grow the cache. Cached objects are shared between requests: never modify one.
/// </summary>
internal sealed class ConfigurationCache(ConfigurationVersion version, AuthgateMetrics metrics)
{
    private Generation current = new(new ConfigurationVersion.Stamp(long.MinValue, 0));

    /// <summary>The generation this request uses: checked once per request (per <see cref="RequestStorage"/>).</summary>
    public async ValueTask<Generation> ForRequestAsync(RequestStorage storage)
    {
        if (storage.Generation is Generation checkedAlready)
        {
            return checkedAlready;
        }

        var stamp = await version.ReadAsync();
        var generation = Volatile.Read(ref current);
        while (generation.Stamp.Version != stamp.Version && generation.Stamp.Sequence < stamp.Sequence)
        {
            // A newer read saw another version: start over. A read older than the current generation's keeps it.
            var fresh = new Generation(stamp);
            var seen = Interlocked.CompareExchange(ref current, fresh, generation);
            if (ReferenceEquals(seen, generation))
            {
                metrics.ConfigurationReloads.Add(1);
                generation = fresh;
                break;
            }

            generation = seen;
        }

        storage.Generation = generation;
        return generation;
    }

    public async Task<T?> GetAsync<TKey, T>(RequestStorage storage, Func<Generation, ConcurrentDictionary<TKey, T>> map, TKey key, string kind, Func<Task<T?>> load)
        where TKey : notnull
        where T : class
    {
        var entries = map(await ForRequestAsync(storage));
        if (entries.TryGetValue(key, out var cached))
        {
            metrics.ConfigurationLookups.Add(1, new("kind", kind), new("result", "hit"));
            return cached;
        }

        metrics.ConfigurationLookups.Add(1, new("kind", kind), new("result", "miss"));
        var loaded = await load();
        return loaded is null ? null : entries.GetOrAdd(key, loaded);
    }

    /// <summary>
    /// A value built from several configuration tables (what a trigger runs, the MFA settings), kept under the
    /// request's stamp like the entries above.
    /// </summary>
    public async Task<T> DerivedAsync<T>(RequestStorage storage, string key, Func<Task<T>> build)
        where T : class
    {
        // Built after the stamp was read, so what is kept under it is at least as new as the stamp.
        var derived = (await ForRequestAsync(storage)).Derived;
        if (derived.TryGetValue(key, out var cached))
        {
            return (T)cached;
        }

        return (T)derived.GetOrAdd(key, await build());
    }

    /// <summary>What was read under one version stamp.</summary>
    internal sealed class Generation(ConfigurationVersion.Stamp stamp)
    {
        public ConfigurationVersion.Stamp Stamp { get; } = stamp;
        public ConcurrentDictionary<string, Client> Clients { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, ResourceServer> Apis { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, Connection> Connections { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, Connection> ConnectionsById { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<(string ClientId, string Audience, string SubjectType), ClientGrant> Grants { get; } = new();
        /// <summary>Single-row settings, keyed by a constant; their absence is cached too (the key space is one).</summary>
        public ConcurrentDictionary<int, Single<TenantSettings>> Tenant { get; } = new();
        public ConcurrentDictionary<int, Single<AttackProtectionRow>> AttackProtection { get; } = new();
        /// <summary>Values built from several tables, by kind (<see cref="DerivedAsync{T}"/>).</summary>
        public ConcurrentDictionary<string, object> Derived { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A single-row setting as read, possibly absent.</summary>
    internal sealed record Single<T>(T? Value) where T : class;
}

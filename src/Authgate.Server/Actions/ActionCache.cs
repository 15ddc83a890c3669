using System.Collections.Concurrent;
using System.Text;

namespace Authgate.Actions;

/// <summary>
/// <c>api.cache</c>: small values an Action keeps between executions, per Action, with Auth0's limits (20 entries,
/// keys up to 64 bytes, values up to 4 KB, 15 minutes by default and 24 hours at most). Like Auth0's, it is
/// best-effort: here it lives in each node's memory, so another node may not see a value.
/// </summary>
internal sealed class ActionCache(TimeProvider time)
{
    public const int MaxEntries = 20;
    public const int MaxKeyBytes = 64;
    public const int MaxValueBytes = 4 * 1024;
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (string Value, DateTimeOffset Expires)>> entries = new(StringComparer.Ordinal);

    public string? Get(string scope, string key)
    {
        var now = time.GetUtcNow();
        return entries.TryGetValue(scope, out var values) && values.TryGetValue(key, out var entry) && entry.Expires > now ? entry.Value : null;
    }

    /// <summary>Null when stored, else the reason (Auth0's <c>{type: "error", code}</c>).</summary>
    public string? Set(string scope, string key, string value, TimeSpan? ttl, DateTimeOffset? expiresAt)
    {
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes || key.Length == 0)
        {
            return "invalid_key";
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
        {
            return "value_too_large";
        }

        var now = time.GetUtcNow();
        var expires = expiresAt ?? now + (ttl ?? DefaultTtl);
        if (expires > now + MaxTtl)
        {
            expires = now + MaxTtl;
        }

        var values = entries.GetOrAdd(scope, _ => new ConcurrentDictionary<string, (string, DateTimeOffset)>(StringComparer.Ordinal));
        foreach (var stale in values.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
        {
            values.TryRemove(stale, out _);
        }

        if (!values.ContainsKey(key) && values.Count >= MaxEntries)
        {
            return "max_entries_exceeded";
        }

        values[key] = (value, expires);
        return null;
    }

    public void Delete(string scope, string key)
    {
        if (entries.TryGetValue(scope, out var values))
        {
            values.TryRemove(key, out _);
        }
    }
}

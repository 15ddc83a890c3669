using System.Collections.Concurrent;

namespace Authgate.Tokens;

/// <summary>
/// Bearer tokens that passed <see cref="JwtPolicy"/>, remembered until their <c>exp</c>, so a client presenting the
/// same token again costs a dictionary lookup instead of a parse and a signature check (three quarters of a
/// <c>/userinfo</c> call's own work). The token's exact text is the key; the entries belong to one key-ring state
/// and are dropped with it, so a revoked or rotated-out key stops its tokens on the next request, as validation
/// would. Expiry is the policy's own (valid while <c>exp</c> is ahead, no leeway). Bounded: past
/// <see cref="Capacity"/> entries it starts over, and tokens longer than <see cref="MaxTokenLength"/> are not kept.
/// </summary>
internal sealed class ValidatedTokenCache<T>(TimeProvider time)
{
    public const int Capacity = 1024;
    public const int MaxTokenLength = 4096;

    private volatile Generation generation = new(null);

    public bool TryGet(object keys, string token, out T value)
    {
        var current = generation;
        if (ReferenceEquals(current.Keys, keys) && current.Entries.TryGetValue(token, out var entry) && time.GetUtcNow() < entry.Expires)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Add(object keys, string token, T value, DateTimeOffset expires)
    {
        if (token.Length > MaxTokenLength)
        {
            return;
        }

        var current = generation;
        if (!ReferenceEquals(current.Keys, keys) || current.Entries.Count >= Capacity)
        {
            current = new Generation(keys);
            generation = current;
        }

        current.Entries[token] = new Entry(value, expires);
    }

    private sealed record Entry(T Value, DateTimeOffset Expires);

    private sealed class Generation(object? keys)
    {
        public object? Keys { get; } = keys;

        public ConcurrentDictionary<string, Entry> Entries { get; } = new(StringComparer.Ordinal);
    }
}

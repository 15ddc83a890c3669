using System.ComponentModel.DataAnnotations;

namespace Authgate.Connections;

/// <summary>
/// The protected hashing lane (<c>Authgate:HashingLane</c>): how many password checks may wait, in total and per
/// caller (client and IP), before new ones are refused with 429 instead of queueing without bound.
/// </summary>
public sealed class HashingLaneOptions
{
    public const string Section = "Authgate:HashingLane";

    /// <summary>Password checks waiting for a hashing thread, all callers together.</summary>
    [Range(1, 100_000)]
    public int MaxQueued { get; set; } = 256;

    /// <summary>Password checks one caller (client and IP) may have waiting.</summary>
    [Range(1, 100_000)]
    public int MaxQueuedPerCaller { get; set; } = 32;

    /// <summary>
    /// Milliseconds a refusal is held before it is sent (0: at once). A credential-stuffing tool that waits for each
    /// answer would otherwise turn a full lane into thousands of cheap 429s a second, and those, not the hashes, take
    /// the CPU the other requests need; a client that honours <c>Retry-After</c> waits longer than this anyway.
    /// </summary>
    [Range(0, 10_000)]
    public int RefusalDelayMilliseconds { get; set; } = 100;

    /// <summary>Seconds suggested in <c>Retry-After</c> when the lane is full.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}

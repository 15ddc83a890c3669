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

    /// <summary>Seconds suggested in <c>Retry-After</c> when the lane is full.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}

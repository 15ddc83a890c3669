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
    /// Milliseconds a refusal is held before it is sent (0: at once): every 429 of the OAuth endpoints — the lane's own,
    /// attack protection's (brute force, suspicious IP, same user and IP), the per-IP and per-client token limits, the
    /// refresh-token and quota limits (<see cref="Protection.RefusalHold"/>). A tool that waits for each answer would
    /// otherwise turn any limit it hits into thousands of cheap 429s a second, and those, not the hashes, take the CPU
    /// the other requests need; a client that honours <c>Retry-After</c> waits longer anyway.
    /// </summary>
    [Range(0, 10_000)]
    public int RefusalDelayMilliseconds { get; set; } = 100;

    /// <summary>
    /// Run the hashing threads in Linux's <c>SCHED_IDLE</c> class (true), or at nice 10 (false). Idle: a request thread
    /// that wakes takes the core (within ~0.1 ms: the hashing threads also yield between blocks, see
    /// <see cref="ThreadNice.YieldIfLowered"/>), so a password flood barely moves the other requests' latency, but when the other
    /// requests alone keep every core busy, logins get only what is left (bench, `lane`: 4.7-7.2 logins/s under a saturating
    /// refresh load on 2 cores with SQLite, against 12-23/s at nice 10; the lane's bounds still answer 429 past them). Set false
    /// where logins must keep a share under such load. No effect off Linux (the threads run below normal priority).
    /// </summary>
    public bool IdleClass { get; set; } = true;

    /// <summary>Seconds suggested in <c>Retry-After</c> when the lane is full.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}

namespace Authgate.Protection;

/// <summary>
/// The outcome of one hit: allowed or not, with what the <c>X-RateLimit-*</c> headers report. <see cref="Count"/> is the
/// window's count after the hit, or 0 when the hit was refused from memory without being counted (<see cref="RateLimitCounter"/>).
/// </summary>
internal sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, long ResetUnixSeconds, int RetryAfterSeconds, long Count = 0)
{
    /// <summary>The first refused hit of its window: the moment to log the limit once.</summary>
    public bool JustExceeded => Count == Limit + 1L;
}

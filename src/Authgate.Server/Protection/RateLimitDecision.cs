namespace Authgate.Protection;

/// <summary>The outcome of one counted hit: allowed or not, with what the <c>X-RateLimit-*</c> headers report.</summary>
internal sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, long ResetUnixSeconds, int RetryAfterSeconds, long Count = 0)
{
    /// <summary>The first refused hit of its window: the moment to log the limit once.</summary>
    public bool JustExceeded => Count == Limit + 1L;
}

namespace Authgate.Protection;

/// <summary>The outcome of one counted hit: allowed or not, with what the <c>X-RateLimit-*</c> headers report.</summary>
internal sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, long ResetUnixSeconds, int RetryAfterSeconds);

namespace Authgate.Tokens;

/// <summary>
/// Expiries an Action asked for with <c>api.refreshToken.setExpiresAt</c> / <c>setIdleExpiresAt</c>, for the refresh
/// token this response carries. They can only shorten what the client's settings give, never lengthen it.
/// </summary>
internal sealed record RefreshTokenLimits(DateTime? ExpiresAt, DateTime? IdleExpiresAt)
{
    public static readonly RefreshTokenLimits None = new(null, null);

    /// <summary>These limits with each expiry asked for applied where it is earlier; null asks for nothing.</summary>
    public RefreshTokenLimits Shortened(DateTime? expiresAt = null, DateTime? idleExpiresAt = null) =>
        new(Earliest(ExpiresAt, expiresAt), Earliest(IdleExpiresAt, idleExpiresAt));

    /// <summary>The earlier of the two; no expiry on one side means the other stands.</summary>
    public static DateTime? Earliest(DateTime? current, DateTime? requested) =>
        current is null ? requested : requested is null ? current : requested < current ? requested : current;
}

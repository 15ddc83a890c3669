namespace Authgate.Storage.Entities;

/// <summary>
/// A client's <c>refresh_token</c> settings, named and defaulted as in Auth0's Management API: non-rotating and
/// non-expiring unless configured; rotation needs an expiring token.
/// </summary>
internal sealed class RefreshTokenSettings
{
    public const string Rotating = "rotating";
    public const string NonRotating = "non-rotating";
    public const string Expiring = "expiring";
    public const string NonExpiring = "non-expiring";

    public string RotationType { get; set; } = NonRotating;
    public string ExpirationType { get; set; } = NonExpiring;
    /// <summary>Seconds during which the token a rotation replaced may be exchanged again (Auth0: reuse interval).</summary>
    public int Leeway { get; set; }
    /// <summary>Absolute lifetime in seconds, fixed when the user logs in; rotation does not extend it.</summary>
    public int TokenLifetime { get; set; } = 2592000;
    public bool InfiniteTokenLifetime { get; set; } = true;
    /// <summary>Inactivity lifetime in seconds, renewed by every exchange.</summary>
    public int IdleTokenLifetime { get; set; } = 1296000;
    public bool InfiniteIdleTokenLifetime { get; set; } = true;

    public bool IsRotating => RotationType == Rotating;

    public TimeSpan? AbsoluteLifetime => ExpirationType == Expiring && !InfiniteTokenLifetime ? TimeSpan.FromSeconds(TokenLifetime) : null;

    public TimeSpan? IdleLifetime => ExpirationType == Expiring && !InfiniteIdleTokenLifetime ? TimeSpan.FromSeconds(IdleTokenLifetime) : null;
}

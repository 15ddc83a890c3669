using System.ComponentModel.DataAnnotations;

namespace Authgate.Tokens;

/// <summary>Server-wide refresh-token housekeeping and limits (<c>Authgate:RefreshTokens</c>); lifetimes are per client.</summary>
public sealed class RefreshTokenOptions
{
    public const string Section = "Authgate:RefreshTokens";

    /// <summary>Exchanges of one refresh token from one IP per minute before 429 (Auth0 throttles "the same token from the same IP").</summary>
    [Range(1, int.MaxValue)]
    public int ExchangesPerTokenPerMinute { get; set; } = 30;

    /// <summary>Active logins (families) a user keeps per application; the oldest is revoked past it, as at Auth0.</summary>
    [Range(1, 100_000)]
    public int MaxActivePerUserAndClient { get; set; } = 200;

    /// <summary>How long a rotated token is kept to recognise its reuse, unless its family expires first.</summary>
    public TimeSpan RotatedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long revoked tokens are kept (they answer the same as unknown ones).</summary>
    public TimeSpan RevokedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Pause between purges of expired and revoked tokens.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows deleted per statement; a purge stops after <see cref="PurgeMaxBatches"/> statements.</summary>
    [Range(1, 100_000)]
    public int PurgeBatchSize { get; set; } = 1000;

    [Range(1, 10_000)]
    public int PurgeMaxBatches { get; set; } = 50;
}

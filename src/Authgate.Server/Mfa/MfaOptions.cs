using System.ComponentModel.DataAnnotations;

namespace Authgate.Mfa;

/// <summary>MFA limits and lifetimes (<c>Authgate:Mfa</c>). Defaults are Auth0's.</summary>
public sealed class MfaOptions
{
    public const string Section = "Authgate:Mfa";

    /// <summary>How long an <c>mfa_token</c> works, in seconds (Auth0: 10 minutes, the most allowed).</summary>
    [Range(30, 600)]
    public int TransactionLifetimeSeconds { get; set; } = 600;

    /// <summary>How long an email or SMS code works, in seconds (Auth0: 5 minutes).</summary>
    [Range(30, 600)]
    public int OobCodeLifetimeSeconds { get; set; } = 300;

    /// <summary>Failed code checks a user may make in a burst, per kind (OTP, OOB, recovery code) (Auth0: 10).</summary>
    [Range(1, 1000)]
    public int AttemptBucketSize { get; set; } = 10;

    /// <summary>Seconds after which one more failed check is allowed again (Auth0: one every 6 minutes).</summary>
    [Range(1, 86400)]
    public int AttemptRefillSeconds { get; set; } = 360;

    /// <summary>Codes sent to one user by email or SMS per hour (Auth0: 10 SMS per hour).</summary>
    [Range(1, 1000)]
    public int DeliveriesPerUserPerHour { get; set; } = 10;

    /// <summary>The <c>issuer</c> shown by authenticator apps; empty means the tenant's friendly name, else the issuer's host.</summary>
    public string? TotpIssuer { get; set; }
}

namespace Authgate.Storage.Entities;

/// <summary>
/// One enrolled (or pending) second factor of a user: a TOTP app, an email address, a phone for SMS, or the recovery
/// code. The TOTP secret is encrypted (<see cref="Security.SecretProtector"/>), the recovery code stored as a hash.
/// </summary>
internal sealed class MfaAuthenticator
{
    /// <summary><c>dev_…</c>: the enrolment id; the MFA API shows it as <c>{kind prefix}|dev_…</c>.</summary>
    public required string Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>One of <see cref="Mfa.AuthenticatorKinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>False until the first successful challenge confirms the enrolment.</summary>
    public bool Active { get; set; }
    public string? Secret { get; set; }
    public string? RecoveryCodeHash { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Email { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EnrolledAt { get; set; }
    public DateTime? LastAuthAt { get; set; }
}

namespace Authgate.Storage.Entities;

/// <summary>
/// A dashboard administrator: an account of its own, never a tenant user, so no end user's credentials can open the
/// dashboard. Signs in with a password (Argon2id) and a TOTP code.
/// </summary>
internal sealed class DashboardAdmin
{
    public required string Id { get; set; }
    /// <summary>Lower-cased; unique.</summary>
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    /// <summary>The TOTP secret (base32), sealed by <c>SecretProtector</c>; set at the first sign-in, confirmed by a code.</summary>
    public string? TotpSecretProtected { get; set; }
    public bool TotpEnrolled { get; set; }
    /// <summary>The last accepted TOTP time step: a code is single-use on every node because only a later step is accepted.</summary>
    public long? TotpLastStep { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
}

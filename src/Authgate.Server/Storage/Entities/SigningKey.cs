namespace Authgate.Storage.Entities;

/// <summary>
/// An RSA signing key of the tenant's key ring. State follows Auth0's flags: next (never current yet),
/// current (current_since set, current_until not), previous (current_until set), revoked.
/// </summary>
internal sealed class SigningKey
{
    public required string Kid { get; set; }
    public string Alg { get; set; } = SigningAlgorithms.RS256;
    /// <summary>PKCS#8 private key, encrypted.</summary>
    public required string PrivateKeyProtected { get; set; }
    /// <summary>Self-signed certificate (DER, base64), published as <c>x5c</c>.</summary>
    public required string Certificate { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CurrentSince { get; set; }
    public DateTime? CurrentUntil { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsCurrent => CurrentSince is not null && CurrentUntil is null && RevokedAt is null;
    public bool IsNext => CurrentSince is null && RevokedAt is null;
}

namespace Authgate.Storage.Entities;

/// <summary>
/// The login waiting for its second factor: the SHA-256 of the <c>mfa_token</c>, whom and which client it is for,
/// and the issuance decision (encrypted JSON) the MFA grant finishes. Consumed once a grant succeeds.
/// </summary>
internal sealed class MfaTransaction
{
    public required string TokenHash { get; set; }
    public required string UserId { get; set; }
    public required string ClientId { get; set; }
    public required string Decision { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ConsumedAt { get; set; }
}

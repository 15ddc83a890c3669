namespace Authgate.Storage.Entities;

/// <summary>
/// An out-of-band challenge (email or SMS): the SHA-256 of the <c>oob_code</c> the client holds, the MFA transaction
/// and authenticator it belongs to, and an HMAC of the binding code sent to the user, keyed by the oob_code.
/// </summary>
internal sealed class MfaOobCode
{
    public required string CodeHash { get; set; }
    public required string TransactionHash { get; set; }
    public required string AuthenticatorId { get; set; }
    public required string BindingHash { get; set; }
    public DateTime ExpiresAt { get; set; }
}

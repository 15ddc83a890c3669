namespace Authgate.Security;

/// <summary>Associated-data labels for <see cref="SecretProtector"/>; changing one makes existing values unreadable.</summary>
internal static class SecretPurposes
{
    public const string ClientSecret = "client_secret";
    public const string ApiSigningSecret = "resource_server.signing_secret";
    public const string SigningKey = "signing_key.private";
    public const string LdapBindPassword = "connection.ldap.bind_password";
    public const string TotpSecret = "mfa_authenticator.totp_secret";
    public const string MfaDecision = "mfa_transaction.decision";
    public const string OutboxPayload = "outbox.payload";
}

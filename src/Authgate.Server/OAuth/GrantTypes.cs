namespace Authgate.OAuth;

/// <summary>Grant type values as clients send them and as they appear in a client's <c>grant_types</c>.</summary>
internal static class GrantTypes
{
    public const string Password = "password";
    public const string PasswordRealm = "http://auth0.com/oauth/grant-type/password-realm";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";
    public const string AuthorizationCode = "authorization_code";
    public const string Implicit = "implicit";
    public const string MfaOtp = "http://auth0.com/oauth/grant-type/mfa-otp";
    public const string MfaOob = "http://auth0.com/oauth/grant-type/mfa-oob";
    public const string MfaRecoveryCode = "http://auth0.com/oauth/grant-type/mfa-recovery-code";

    /// <summary>
    /// Values accepted in a client's <c>grant_types</c>: every grant Auth0 lists for applications, including those
    /// Authgate does not serve (device code, token exchange, CIBA, passwordless), so Auth0 exports load unchanged.
    /// </summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        Password, PasswordRealm, RefreshToken, ClientCredentials, AuthorizationCode, Implicit, MfaOtp, MfaOob, MfaRecoveryCode,
        "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
        "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:openid:params:grant-type:ciba",
        "http://auth0.com/oauth/grant-type/passwordless/otp", "urn:okta:params:oauth:grant-type:webauthn",
        "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token",
        "http://auth0.com/oauth/legacy/grant-type/ro", "http://auth0.com/oauth/legacy/grant-type/ro/jwt-bearer",
        "http://auth0.com/oauth/legacy/grant-type/delegation/refresh_token", "http://auth0.com/oauth/legacy/grant-type/delegation/id_token",
        "http://auth0.com/oauth/legacy/grant-type/access_token",
    };

    /// <summary>Grants Auth0 keeps to first-party clients: a third-party client (<c>is_first_party: false</c>) is refused them.</summary>
    public static readonly IReadOnlySet<string> FirstPartyOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        Password, PasswordRealm, MfaOtp, MfaOob, MfaRecoveryCode,
    };
}

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

    /// <summary>Values accepted in a client's <c>grant_types</c> (Auth0's list for the grants this flow involves).</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        Password, PasswordRealm, RefreshToken, ClientCredentials, AuthorizationCode, Implicit, MfaOtp, MfaOob, MfaRecoveryCode,
    };
}

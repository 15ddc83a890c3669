namespace Authgate.OAuth;

/// <summary>Wire names of the token endpoint's parameters.</summary>
internal static class OAuthParameters
{
    public const string GrantType = "grant_type";
    public const string ClientId = "client_id";
    public const string ClientSecret = "client_secret";
    public const string ClientAssertion = "client_assertion";
    public const string ClientAssertionType = "client_assertion_type";
    public const string Username = "username";
    public const string Password = "password";
    public const string Realm = "realm";
    public const string Audience = "audience";
    public const string Resource = "resource";
    public const string Scope = "scope";
    public const string RefreshToken = "refresh_token";
    public const string Token = "token";
    public const string TokenTypeHint = "token_type_hint";
    public const string MfaToken = "mfa_token";
    public const string Otp = "otp";
    public const string OobCode = "oob_code";
    public const string BindingCode = "binding_code";
    public const string RecoveryCode = "recovery_code";
    public const string ChallengeType = "challenge_type";
    public const string AuthenticatorId = "authenticator_id";
    public const string AuthenticatorTypes = "authenticator_types";
    public const string OobChannels = "oob_channels";
    public const string PhoneNumber = "phone_number";
    public const string Email = "email";
}

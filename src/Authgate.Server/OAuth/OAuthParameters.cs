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
}

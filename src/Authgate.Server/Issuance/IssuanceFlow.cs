namespace Authgate.Issuance;

/// <summary>Which grant asks for tokens: it picks the subject, the <c>gty</c>, the trigger and the refresh-token step.</summary>
internal enum IssuanceFlow
{
    /// <summary><c>password</c> and <c>password-realm</c>: post-login runs with protocol <c>oauth2-password</c>.</summary>
    Password,

    /// <summary><c>refresh_token</c>: post-login runs with protocol <c>oauth2-refresh-token</c>.</summary>
    RefreshToken,

    /// <summary><c>client_credentials</c>: credentials-exchange runs.</summary>
    ClientCredentials,
}

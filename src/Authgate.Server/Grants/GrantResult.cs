using Authgate.OAuth;

namespace Authgate.Grants;

/// <summary>Either the token response or the error; exactly one is set.</summary>
internal sealed record GrantResult(TokenResponse? Response, OAuthError? Error)
{
    public static GrantResult Success(TokenResponse response) => new(response, null);

    public static implicit operator GrantResult(OAuthError error) => new(null, error);
}

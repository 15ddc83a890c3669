using Authgate.OAuth;

namespace Authgate.Grants;

/// <summary>Either the token response or the error (exactly one is set), and what to record in the tenant log.</summary>
internal sealed record GrantResult(TokenResponse? Response, OAuthError? Error)
{
    public GrantAudit? Audit { get; init; }

    public static GrantResult Success(TokenResponse response, GrantAudit? audit = null) => new(response, null) { Audit = audit };

    public static GrantResult Failure(OAuthError error, GrantAudit? audit) => new(null, error) { Audit = audit };

    public static implicit operator GrantResult(OAuthError error) => new(null, error);
}

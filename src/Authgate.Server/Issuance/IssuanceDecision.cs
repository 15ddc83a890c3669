using Authgate.Grants;

namespace Authgate.Issuance;

/// <summary>
/// Everything decided before the tokens are signed: the final scopes, the user's permissions (for the
/// <c>*_authz</c> dialects), the custom claims, and whether a second factor must come first. An MFA grant that
/// completes the challenge finishes issuance from this decision with <see cref="TokenIssuance.FinishAsync"/>:
/// Auth0 does not run Actions again after MFA.
/// </summary>
internal sealed record IssuanceDecision
{
    public required IssuanceRequest Request { get; init; }

    /// <summary>The scopes of the issued access token, after RBAC, Rules and Actions.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The scopes before Rules and Actions changed them; a refresh token keeps these, so customisation reapplies on each exchange.</summary>
    public required IReadOnlyList<string> PolicyScopes { get; init; }

    public IReadOnlyList<string>? Permissions { get; init; }

    public CustomClaims Claims { get; init; } = new();

    /// <summary>Expiries an Action set for the refresh token of the response (they only shorten it).</summary>
    public Tokens.RefreshTokenLimits RefreshTokenLimits { get; init; } = Tokens.RefreshTokenLimits.None;

    /// <summary>Set when an Action called <c>api.multifactor.enable()</c> (or a Rule set <c>context.multifactor</c>): the provider asked for.</summary>
    public string? MultifactorProvider { get; init; }

    /// <summary>What the tenant log event of the request records (user, connection, audience, script executions).</summary>
    public required GrantAudit Audit { get; init; }
}

using System.Text.Json.Nodes;
using Authgate.Actions;
using Authgate.Grants;
using Authgate.Logs;
using Authgate.OAuth;
using Authgate.Rbac;
using Authgate.Storage.Entities;
using Authgate.Tokens;

namespace Authgate.Issuance;

/// <summary>
/// The one issuance step every grant ends in, after it has validated the request and authenticated the user or
/// client. In order: scopes → RBAC → Rules and Actions → tokens → refresh token → response → log event. Split in
/// two halves so MFA can sit between them: <see cref="DecideAsync"/> (everything that decides what the tokens say)
/// and <see cref="FinishAsync"/> (signing, the refresh token, the response), which an MFA grant calls later with
/// the stored decision.
/// </summary>
internal sealed class TokenIssuance(
    TokenIssuer tokens,
    RefreshTokenStore refreshTokens,
    ApiResolver apis,
    UserAuthorization rbac,
    TriggerRunner scripts,
    IMultifactorGate multifactor)
{
    /// <summary>The <c>gty</c> of tokens from either password grant.</summary>
    public const string PasswordGrantType = "password";

    /// <summary>The <c>gty</c> of client-credentials tokens.</summary>
    public const string ClientCredentialsGrantType = "client-credentials";

    /// <summary>The <c>gty</c> of refreshed access tokens, as Auth0 sends it.</summary>
    private static readonly string[] RefreshGrantType = ["refresh_token", PasswordGrantType];

    public async Task<GrantResult> IssueAsync(IssuanceRequest request, CancellationToken cancellationToken)
    {
        var (decision, refused) = await DecideAsync(request, cancellationToken);
        if (decision is null)
        {
            return refused!;
        }

        // The tenant's MFA policy or a script may require a second factor: the gate then keeps the decision for the MFA grant.
        return await multifactor.CheckAsync(decision, cancellationToken) ?? await FinishAsync(decision, cancellationToken);
    }

    /// <summary>Scopes, then RBAC, then Rules and Actions: what the tokens will say, or why there are none.</summary>
    public async Task<(IssuanceDecision? Decision, GrantResult? Refused)> DecideAsync(IssuanceRequest request, CancellationToken cancellationToken)
    {
        var audit = new GrantAudit(User: request.User, Connection: request.Connection, Audience: request.Api?.Identifier);
        var scopes = ScopePolicy.For(request);
        var (granted, permissions) = await AuthorizeAsync(request, scopes, cancellationToken);
        var decision = new IssuanceDecision { Request = request, Scopes = granted, PolicyScopes = granted, Permissions = permissions, Audit = audit };

        // Rules and Actions: they may change the scopes (overriding RBAC), add claims, ask for MFA or refuse.
        var customized = await scripts.RunAsync(request, granted, cancellationToken);
        if (customized is null)
        {
            return (decision, null);
        }

        audit = audit with { Details = new JsonObject { ["actions"] = new JsonObject { ["executions"] = customized.Executions } } };
        if (customized.Refused is { } refused)
        {
            if (customized.RevokeRefreshToken is not null && request.PresentedRefreshToken is { } presented)
            {
                await refreshTokens.RevokeAsync(request.Client, presented.Value, cancellationToken);
                audit = audit with { EventType = LogEventTypes.RefreshTokenRevoked };
            }

            return (null, GrantResult.Failure(refused, audit));
        }

        if (!customized.Claims.WithinSizeLimit())
        {
            return (null, GrantResult.Failure(OAuthErrors.CustomClaimsTooLarge(), audit));
        }

        return (decision with
        {
            Scopes = customized.Scopes,
            Claims = customized.Claims,
            MultifactorProvider = customized.MultifactorProvider,
            RefreshTokenLimits = customized.RefreshTokenLimits,
            Audit = audit,
        }, null);
    }

    /// <summary>
    /// RBAC. With <c>enforce_policies</c> a user keeps only the API scopes held as permissions (directly or through
    /// a role); OIDC scopes and <c>offline_access</c> are not permissions. The <c>*_authz</c> dialects list every
    /// permission the user holds on the API; a client-credentials token lists the scopes of its client grant.
    /// </summary>
    private async Task<(IReadOnlyList<string> Scopes, IReadOnlyList<string>? Permissions)> AuthorizeAsync(
        IssuanceRequest request, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        if (request.Api is not { } api)
        {
            return (scopes, null);
        }

        var listed = TokenDialects.IncludesPermissions(api.TokenDialect);
        if (request.User is not { } user)
        {
            return (scopes, listed ? scopes.Where(s => IsApiScope(s)).ToList() : null);
        }

        if (!api.EnforcePolicies && !listed)
        {
            return (scopes, null);
        }

        var held = await rbac.PermissionsAsync(user.UserId, apis.ToStored(api.Identifier));
        var granted = api.EnforcePolicies ? scopes.Where(s => !IsApiScope(s) || held.Contains(s)).ToList() : scopes;
        // In the API's own order, and only scopes the API still defines.
        var permissions = listed ? api.Scopes.Select(s => s.Value).Where(held.Contains).ToList() : null;
        return (granted, permissions);
    }

    private static bool IsApiScope(string scope) => !StandardScopes.IsOidc(scope) && scope != StandardScopes.OfflineAccess;

    /// <summary>Signs the tokens, issues or moves the refresh token forward, and builds the response.</summary>
    public async Task<GrantResult> FinishAsync(IssuanceDecision decision, CancellationToken cancellationToken)
    {
        var request = decision.Request;
        var audit = decision.Audit with { Scope = string.Join(' ', decision.Scopes) };
        var (refreshToken, refused) = await RefreshTokenAsync(decision, cancellationToken);
        if (refused is not null)
        {
            return GrantResult.Failure(refused.Value.Error, audit with { EventType = refused.Value.EventType });
        }

        var issued = tokens.Issue(new TokenContents(request.Client, request.User, request.Subject, request.Api, decision.Scopes, GrantTypeClaim(request.Flow))
        {
            AccessTokenClaims = decision.Claims.ForAccessToken(request.Api is { } api && apis.IsManagement(api.Identifier)),
            IdTokenClaims = decision.Claims.ForIdToken(),
            IdentityScopes = decision.PolicyScopes,
            Permissions = decision.Permissions,
        });
        return GrantResult.Success(new TokenResponse
        {
            AccessToken = issued.AccessToken,
            RefreshToken = refreshToken,
            IdToken = issued.IdToken,
            Scope = string.Join(' ', decision.Scopes),
            ExpiresIn = issued.ExpiresIn,
        }, audit);
    }

    /// <summary>
    /// A password login with <c>offline_access</c> gets a new refresh token; a refresh exchange rotates or touches the
    /// presented one (only now, so a refused exchange leaves it as it was); client credentials get none.
    /// </summary>
    private async Task<(string? Value, (OAuthError Error, string? EventType)? Refused)> RefreshTokenAsync(IssuanceDecision decision, CancellationToken cancellationToken)
    {
        var request = decision.Request;
        switch (request.Flow)
        {
            case IssuanceFlow.Password when decision.PolicyScopes.Contains(StandardScopes.OfflineAccess) && request.User is { } user:
                var audience = request.Api is null ? null : apis.ToStored(request.Api.Identifier);
                return (await refreshTokens.IssueAsync(request.Client, user, audience, decision.PolicyScopes, decision.RefreshTokenLimits, cancellationToken), null);
            case IssuanceFlow.RefreshToken when request.PresentedRefreshToken is { } presented:
                var exchange = await refreshTokens.AdvanceAsync(request.Client, presented.Token, presented.Value, decision.RefreshTokenLimits, cancellationToken);
                return exchange.Token is null
                    ? (null, (OAuthErrors.InvalidRefreshToken(), exchange.ReuseDetected ? LogEventTypes.FailedRotatingRefreshExchange : null))
                    : (exchange.NewValue, null);
            default:
                return (null, null);
        }
    }

    private static object GrantTypeClaim(IssuanceFlow flow) => flow switch
    {
        IssuanceFlow.RefreshToken => RefreshGrantType,
        IssuanceFlow.ClientCredentials => ClientCredentialsGrantType,
        _ => PasswordGrantType,
    };
}

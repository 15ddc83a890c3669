using Authgate.Issuance;
using Authgate.OAuth;
using Authgate.Protection;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.Extensions.Options;

namespace Authgate.Grants;

/// <summary>
/// <c>grant_type=refresh_token</c>, in order: throttle the token per IP, find it, check its user, check the scope asked
/// for; then the one issuance step, which moves the family forward (rotate or touch) once everything else passed.
/// </summary>
internal sealed class RefreshTokenGrant(
    RefreshTokenStore refreshTokens,
    RateLimitCounter rateLimits,
    TokenIssuance issuance,
    ApiResolver apis,
    ApiAccess access,
    IOptions<RefreshTokenOptions> options) : IGrantHandler
{
    public string GrantType => GrantTypes.RefreshToken;

    public async Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var value = request[OAuthParameters.RefreshToken];
        if (value is null)
        {
            return OAuthErrors.MissingParameter(OAuthParameters.RefreshToken);
        }

        // The token and its user come from one read; the user is checked after the throttle, as before.
        if (await refreshTokens.FindUsableAsync(context.Client, value, cancellationToken) is not var (token, user))
        {
            return OAuthErrors.InvalidRefreshToken();
        }

        // Throttle repeated use of one token from one IP. The first exchange of a rotating token cannot be a
        // repeat (the token is single-use), so only non-rotating tokens and re-exchanges are counted, which keeps
        // a write off the common path.
        if (!token.Rotating || token.RotatedAt is not null)
        {
            var throttle = await rateLimits.HitAsync($"rt:{token.Id}:{context.EndUserIp}",
                options.Value.ExchangesPerTokenPerMinute, TimeSpan.FromMinutes(1), cancellationToken);
            if (!throttle.Allowed)
            {
                return OAuthErrors.TooManyRequests($"Too many requests with this refresh token. Retry in {throttle.RetryAfterSeconds} seconds.", throttle);
            }
        }

        if (user is null)
        {
            return OAuthErrors.RefreshTokenUserGone();
        }

        if (user.Blocked)
        {
            return OAuthErrors.RefreshTokenUserBlocked();
        }

        // A new password ends every login made with the old one.
        if (user.PasswordChangedAt > token.AuthTime)
        {
            return OAuthErrors.InvalidRefreshToken();
        }

        var granted = ScopePolicy.Split(token.Scope);
        var requested = ScopePolicy.Split(request[OAuthParameters.Scope]);
        if (requested.Except(granted).Any())
        {
            return OAuthErrors.ScopeExceedsGrant();
        }

        ResourceServer? api = null;
        if (token.Audience is { } audience)
        {
            api = await apis.FindStoredAsync(audience, cancellationToken);
            if (api is null)
            {
                return OAuthErrors.ServiceNotFound(apis.ToWire(audience));
            }
        }

        // The API's policy applies on every exchange: a policy or grant changed since the login takes effect at once.
        var apiAccess = api is not null && token.Audience is { } stored ? await access.ForUserAsync(context.Client, api, stored) : ApiAccess.Decision.Allowed;
        if (apiAccess.Error is { } denied)
        {
            return GrantResult.Failure(denied, new GrantAudit(User: user, Audience: api?.Identifier));
        }

        return await issuance.IssueAsync(new IssuanceRequest
        {
            Context = context,
            Flow = IssuanceFlow.RefreshToken,
            User = user,
            Api = api,
            GrantedScopes = granted,
            ScopeLimit = apiAccess.Scopes,
            PresentedRefreshToken = (token, value),
        }, cancellationToken);
    }
}

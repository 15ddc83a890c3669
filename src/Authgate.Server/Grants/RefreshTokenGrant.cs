using Authgate.Logs;
using Authgate.OAuth;
using Authgate.Protection;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Grants;

/// <summary>
/// <c>grant_type=refresh_token</c>, in order: throttle the token per IP, find it, check its user, narrow the scope,
/// move the family forward (rotate or touch), issue the tokens.
/// </summary>
internal sealed class RefreshTokenGrant(
    AuthDbContext db,
    RefreshTokenStore refreshTokens,
    RateLimitCounter rateLimits,
    TokenIssuer tokens,
    ApiResolver apis,
    IOptions<RefreshTokenOptions> options) : IGrantHandler
{
    /// <summary>The <c>gty</c> of refreshed access tokens, as Auth0 sends it.</summary>
    private static readonly string[] GrantTypeClaim = ["refresh_token", PasswordLogin.GrantTypeClaim];

    public string GrantType => GrantTypes.RefreshToken;

    public async Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var value = request[OAuthParameters.RefreshToken];
        if (value is null)
        {
            return OAuthErrors.MissingParameter(OAuthParameters.RefreshToken);
        }

        var token = await refreshTokens.FindUsableAsync(context.Client, value, cancellationToken);
        if (token is null)
        {
            return OAuthErrors.InvalidRefreshToken();
        }

        // Throttle repeated use of one token from one IP. The first exchange of a rotating token cannot be a
        // repeat (the token is single-use), so only non-rotating tokens and re-exchanges are counted, which keeps
        // a write off the common path.
        if (!token.Rotating || token.RotatedAt is not null)
        {
            var throttle = await rateLimits.HitAsync($"rt:{token.TokenHash}:{context.EndUserIp}",
                options.Value.ExchangesPerTokenPerMinute, TimeSpan.FromMinutes(1), cancellationToken);
            if (!throttle.Allowed)
            {
                return OAuthErrors.TooManyRequests($"Too many requests with this refresh token. Retry in {throttle.RetryAfterSeconds} seconds.", throttle);
            }
        }

        var user = await HotQueries.UserById(db, token.UserId);
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

        var audit = new GrantAudit(User: user, Audience: api?.Identifier);
        var exchange = await refreshTokens.AdvanceAsync(context.Client, token, value, cancellationToken);
        if (exchange.Token is null)
        {
            return GrantResult.Failure(OAuthErrors.InvalidRefreshToken(),
                audit with { EventType = exchange.ReuseDetected ? LogEventTypes.FailedRotatingRefreshExchange : null });
        }

        var scopes = requested.Count > 0 ? requested : granted;
        if (api is { IsSystem: true })
        {
            // A refresh token stored before user tokens were limited to current_user scopes must not revive admin scopes.
            var allowed = ScopePolicy.ForUsers(api);
            scopes = scopes.Where(s => StandardScopes.IsOidc(s) || s == StandardScopes.OfflineAccess || allowed.Contains(s)).ToList();
        }
        var issued = tokens.Issue(new TokenGrant(context.Client, user, user.UserId, api, scopes, GrantTypeClaim));
        return GrantResult.Success(new TokenResponse
        {
            AccessToken = issued.AccessToken,
            RefreshToken = exchange.NewValue,
            IdToken = issued.IdToken,
            Scope = string.Join(' ', scopes),
            ExpiresIn = issued.ExpiresIn,
        }, audit with { Scope = string.Join(' ', scopes) });
    }
}

using System.Diagnostics;
using Authgate.Clients;
using Authgate.Grants;
using Authgate.Observability;
using Authgate.Hosting;
using Authgate.Logs;
using System.Globalization;
using Authgate.OAuth;
using Authgate.Protection;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.Extensions.Options;

namespace Authgate.Endpoints;

/// <summary>
/// <c>POST /oauth/token</c>: read the request, authenticate the client, run the grant, write the answer.
/// <c>POST /oauth/revoke</c>: the same reading and client authentication, then the token's family is revoked.
/// </summary>
internal static class OAuthEndpoints
{
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/oauth/token", TokenAsync).DisableAntiforgery();
        routes.MapPost("/oauth/revoke", RevokeAsync).DisableAntiforgery();
        return routes;
    }

    private static async Task TokenAsync(
        HttpContext context,
        ClientAuthenticator clients,
        GrantDispatcher grants,
        RateLimitCounter rateLimits,
        LogEvents logs,
        AuthgateMetrics metrics,
        IOptions<AuthgateOptions> options,
        IOptions<ProtectionOptions> protection)
    {
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        ProtocolResults.NoStore(response);

        var perIp = protection.Value.TokenRequestsPerIpPerMinute;
        if (perIp > 0)
        {
            var decision = await rateLimits.HitAsync($"token-ip|{context.Connection.RemoteIpAddress}", perIp, TimeSpan.FromMinutes(1), cancellationToken);
            if (!decision.Allowed)
            {
                await ProtocolResults.WriteErrorAsync(response, OAuthErrors.TooManyRequests("Too many requests from this IP. Please retry later.", decision), cancellationToken);
                return;
            }
        }

        var read = await ProtocolRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (read.Request is not { } request)
        {
            await ProtocolResults.WriteErrorAsync(response, read.Error!, cancellationToken);
            return;
        }

        var (result, client, endUser) = await ExchangeAsync(request, clients, grants, rateLimits, protection.Value, response, cancellationToken);
        logs.Add(TokenRequestEvents.Create(logs, request, client, result, endUser, context.Request.Host.Host));
        if (result.Error is { } error)
        {
            await ProtocolResults.WriteErrorAsync(response, error, cancellationToken);
        }
        else
        {
            await ProtocolResults.WriteJsonAsync(response, result.Response!, ProtocolJson.Wire.TokenResponse, cancellationToken);
        }

        metrics.TokenRequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("grant_type", AuthgateMetrics.GrantTypeTag(request.GrantType)),
            new KeyValuePair<string, object?>("outcome", result.Error?.Code ?? "success"));
    }

    private static async Task RevokeAsync(
        HttpContext context,
        ClientAuthenticator clients,
        RefreshTokenStore refreshTokens,
        LogEvents logs,
        IOptions<AuthgateOptions> options)
    {
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        ProtocolResults.NoStore(response);

        var read = await ProtocolRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes, cancellationToken);
        var error = read.Error;
        if (read.Request is { } request)
        {
            var authentication = await clients.AuthenticateAsync(request, cancellationToken);
            error = authentication.Error;
            if (authentication.Client is { } client)
            {
                // RFC 7009: 200 for unknown or already invalid tokens, so a caller learns nothing from the answer.
                var revocation = request[OAuthParameters.Token] is { } token ? await refreshTokens.RevokeAsync(client, token, cancellationToken) : (RevocationResult?)null;
                error = revocation switch
                {
                    null => OAuthErrors.MissingParameter(OAuthParameters.Token),
                    RevocationResult.AnotherClient => OAuthErrors.TokenOfAnotherClient(),
                    _ => null,
                };
                if (revocation == RevocationResult.Revoked)
                {
                    var entry = logs.New(LogEventTypes.RefreshTokenRevoked, "Refresh token revoked");
                    entry.ClientId = client.ClientId;
                    entry.ClientName = client.Name;
                    entry.Ip = request.RemoteIp;
                    entry.UserAgent = request.UserAgent;
                    logs.Add(entry);
                }
            }
        }

        if (error is not null)
        {
            await ProtocolResults.WriteErrorAsync(response, error, cancellationToken);
        }
    }

    internal static async Task<(GrantResult Result, Client? Client, (string? Ip, string? ClientIp) EndUser)> ExchangeAsync(
        TokenRequest request, ClientAuthenticator clients, GrantDispatcher grants, RateLimitCounter rateLimits, ProtectionOptions protection,
        HttpResponse response, CancellationToken cancellationToken)
    {
        var socket = (request.RemoteIp, (string?)null);
        if (request.GrantType is not { } grantType)
        {
            return (OAuthErrors.MissingParameter(OAuthParameters.GrantType), null, socket);
        }

        if (grants.Find(grantType) is not { } handler)
        {
            return (OAuthErrors.UnsupportedGrant(grantType), null, socket);
        }

        ClientAuthenticator.Result authentication;
        using (AuthgateTracing.Source.StartActivity("client authentication"))
        {
            authentication = await clients.AuthenticateAsync(request, cancellationToken);
        }

        if (authentication.Client is not { } client)
        {
            return (authentication.Error!, null, socket);
        }

        if (protection.TokenRequestsPerClientPerMinute > 0)
        {
            // Auth0 reports the client's budget on every token response.
            var decision = await rateLimits.HitAsync($"token-client|{client.ClientId}", protection.TokenRequestsPerClientPerMinute, TimeSpan.FromMinutes(1), cancellationToken);
            response.Headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Reset"] = decision.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
            if (!decision.Allowed)
            {
                return (OAuthErrors.TooManyRequests("Too many requests for this client. Please retry later.", decision), client, socket);
            }
        }

        var endUser = ForwardedFor.Resolve(request.RemoteIp, request.ForwardedFor, client, authentication.Authenticated);
        // Auth0 keeps the password and MFA grants to first-party clients, whatever their grant_types say.
        if (!client.GrantTypes.Contains(grantType) || (!client.IsFirstParty && GrantTypes.FirstPartyOnly.Contains(grantType)))
        {
            return (OAuthErrors.GrantNotAllowed(grantType), client, endUser);
        }

        using var activity = AuthgateTracing.Source.StartActivity("grant");
        activity?.SetTag("grant_type", grantType);
        return (await handler.HandleAsync(new GrantContext(request, client, authentication.Authenticated, endUser.Ip), cancellationToken), client, endUser);
    }
}

using Authgate.Clients;
using Authgate.Grants;
using Authgate.Hosting;
using Authgate.Logs;
using Authgate.OAuth;
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
        LogEvents logs,
        IOptions<AuthgateOptions> options)
    {
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        ProtocolResults.NoStore(response);

        var read = await ProtocolRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (read.Request is not { } request)
        {
            await ProtocolResults.WriteErrorAsync(response, read.Error!, cancellationToken);
            return;
        }

        var (result, client) = await ExchangeAsync(request, clients, grants, cancellationToken);
        logs.Add(TokenRequestEvents.Create(logs, request, client, result, context.Request.Host.Host));
        if (result.Error is { } error)
        {
            await ProtocolResults.WriteErrorAsync(response, error, cancellationToken);
            return;
        }

        await ProtocolResults.WriteJsonAsync(response, result.Response!, ProtocolJson.Wire.TokenResponse, cancellationToken);
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

    private static async Task<(GrantResult Result, Client? Client)> ExchangeAsync(TokenRequest request, ClientAuthenticator clients, GrantDispatcher grants, CancellationToken cancellationToken)
    {
        if (request.GrantType is not { } grantType)
        {
            return (OAuthErrors.MissingParameter(OAuthParameters.GrantType), null);
        }

        if (grants.Find(grantType) is not { } handler)
        {
            return (OAuthErrors.UnsupportedGrant(grantType), null);
        }

        var authentication = await clients.AuthenticateAsync(request, cancellationToken);
        if (authentication.Client is not { } client)
        {
            return (authentication.Error!, null);
        }

        if (!client.GrantTypes.Contains(grantType))
        {
            return (OAuthErrors.GrantNotAllowed(grantType), client);
        }

        return (await handler.HandleAsync(new GrantContext(request, client, authentication.Authenticated), cancellationToken), client);
    }
}

using Authgate.Clients;
using Authgate.Grants;
using Authgate.Hosting;
using Authgate.OAuth;
using Microsoft.Extensions.Options;

namespace Authgate.Endpoints;

/// <summary><c>POST /oauth/token</c>: read the request, authenticate the client, run the grant, write the answer.</summary>
internal static class OAuthEndpoints
{
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/oauth/token", TokenAsync).DisableAntiforgery();
        return routes;
    }

    private static async Task TokenAsync(
        HttpContext context,
        ClientAuthenticator clients,
        GrantDispatcher grants,
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

        var result = await ExchangeAsync(request, clients, grants, cancellationToken);
        if (result.Error is { } error)
        {
            await ProtocolResults.WriteErrorAsync(response, error, cancellationToken);
            return;
        }

        await ProtocolResults.WriteJsonAsync(response, result.Response!, ProtocolJson.Wire.TokenResponse, cancellationToken);
    }

    private static async Task<GrantResult> ExchangeAsync(TokenRequest request, ClientAuthenticator clients, GrantDispatcher grants, CancellationToken cancellationToken)
    {
        if (request.GrantType is not { } grantType)
        {
            return OAuthErrors.MissingParameter(OAuthParameters.GrantType);
        }

        if (grants.Find(grantType) is not { } handler)
        {
            return OAuthErrors.UnsupportedGrant(grantType);
        }

        var authentication = await clients.AuthenticateAsync(request, cancellationToken);
        if (authentication.Client is not { } client)
        {
            return authentication.Error!;
        }

        if (!client.GrantTypes.Contains(grantType))
        {
            return OAuthErrors.GrantNotAllowed(grantType);
        }

        return await handler.HandleAsync(new GrantContext(request, client, authentication.Authenticated), cancellationToken);
    }
}

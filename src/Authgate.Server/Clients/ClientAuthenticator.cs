using Authgate.Grants;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Clients;

/// <summary>
/// Identifies and authenticates the calling application: a secret in the body (<c>client_secret_post</c>) or in
/// a Basic header (<c>client_secret_basic</c>), a signed assertion (<c>private_key_jwt</c>, see
/// <see cref="ClientAssertions"/>), or only a client id for public clients (<c>none</c>). Either secret method is
/// accepted whatever secret method the client is configured for, as Auth0 does.
/// </summary>
internal sealed class ClientAuthenticator(RequestStorage storage, SecretProtector protector, ClientAssertions assertions)
{
    public sealed record Result(Client? Client, OAuthError? Error, bool Authenticated);

    public async Task<Result> AuthenticateAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var bodyId = request[OAuthParameters.ClientId];
        var bodySecret = request[OAuthParameters.ClientSecret];
        var assertionType = request[OAuthParameters.ClientAssertionType];
        var assertion = request[OAuthParameters.ClientAssertion];
        if (assertionType is not null || assertion is not null)
        {
            if (bodySecret is not null || request.Basic is not null)
            {
                return Fail(OAuthErrors.BadRequest("Use only one client authentication method."));
            }

            if (assertionType != ClientAssertions.AssertionType)
            {
                return Fail(OAuthErrors.BadRequest($"client_assertion_type must be {ClientAssertions.AssertionType}."));
            }

            if (assertion is null)
            {
                return Fail(OAuthErrors.MissingParameter(OAuthParameters.ClientAssertion));
            }

            var (assertedClient, error) = await assertions.AuthenticateAsync(assertion, bodyId, cancellationToken);
            return assertedClient is null ? Fail(error!) : new Result(assertedClient, null, true);
        }

        if (request.Basic is { } basic)
        {
            if (bodySecret is not null)
            {
                return Fail(OAuthErrors.BadRequest("Use only one client authentication method."));
            }

            if (bodyId is not null && bodyId != basic.ClientId)
            {
                return Fail(OAuthErrors.BadRequest("client_id does not match the Authorization header."));
            }
        }

        var clientId = request.Basic?.ClientId ?? bodyId;
        var secret = request.Basic?.ClientSecret ?? bodySecret;
        if (clientId is null)
        {
            return Fail(OAuthErrors.MissingParameter(OAuthParameters.ClientId));
        }

        var client = await HotQueries.ClientById(storage, clientId);
        if (client is null)
        {
            return Fail(OAuthErrors.ClientAuthenticationFailed());
        }

        if (secret is null)
        {
            return client.IsPublic ? new Result(client, null, false) : Fail(OAuthErrors.ClientAuthenticationFailed());
        }

        // A client that signs assertions has given up its shared secret.
        if (client.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt)
        {
            return Fail(OAuthErrors.ClientAuthenticationFailed());
        }

        return protector.Matches(client.ClientSecretProtected, SecretPurposes.ClientSecret, secret)
            ? new Result(client, null, true)
            : Fail(OAuthErrors.ClientAuthenticationFailed());
    }

    private static Result Fail(OAuthError error) => new(null, error, false);
}

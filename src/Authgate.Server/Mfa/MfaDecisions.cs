using System.Text.Json.Nodes;
using Authgate.Grants;
using Authgate.Issuance;
using Authgate.OAuth;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Mfa;

/// <summary>
/// Turns an <see cref="IssuanceDecision"/> into what the MFA transaction stores, and back when the MFA grant
/// finishes: the user, connection, API and (after a refresh exchange) the refresh token are reloaded, so a user
/// blocked or an API deleted in the meantime gets no tokens. Rules and Actions do not run again.
/// </summary>
internal sealed class MfaDecisions(RequestStorage storage, ApiResolver apis, RefreshTokenStore refreshTokens)
{
    public StoredDecision Store(IssuanceDecision decision)
    {
        var request = decision.Request;
        return new StoredDecision
        {
            Flow = request.Flow.ToString(),
            UserId = request.User!.UserId,
            ConnectionId = request.Connection?.Id ?? request.User.ConnectionId,
            ClientId = request.Client.ClientId,
            Audience = request.Api is { } api ? apis.ToStored(api.Identifier) : null,
            Scopes = [.. decision.Scopes],
            PolicyScopes = [.. decision.PolicyScopes],
            Permissions = decision.Permissions?.ToList(),
            AccessTokenClaims = ToObject(decision.Claims.AccessToken),
            IdTokenClaims = ToObject(decision.Claims.IdToken),
            RefreshToken = request.PresentedRefreshToken?.Value,
            RefreshTokenExpiresAt = decision.RefreshTokenLimits.ExpiresAt,
            RefreshTokenIdleExpiresAt = decision.RefreshTokenLimits.IdleExpiresAt,
        };
    }

    /// <summary>The decision again, for the client of <paramref name="context"/> (the transaction's own client).</summary>
    public async Task<(IssuanceDecision? Decision, OAuthError? Error)> RestoreAsync(StoredDecision stored, GrantContext context, CancellationToken cancellationToken)
    {
        var user = await HotQueries.UserById(storage, stored.UserId);
        if (user is null)
        {
            return (null, OAuthErrors.MalformedMfaToken());
        }

        if (user.Blocked)
        {
            return (null, OAuthErrors.UserBlocked());
        }

        var connection = stored.ConnectionId is { } connectionId
            ? await storage.Context.Connections.FirstOrDefaultAsync(c => c.Id == connectionId, cancellationToken)
            : null;
        ResourceServer? api = null;
        if (stored.Audience is { } audience)
        {
            api = await apis.FindStoredAsync(audience, cancellationToken);
            if (api is null)
            {
                return (null, OAuthErrors.ServiceNotFound(apis.ToWire(audience)));
            }
        }

        var flow = Enum.TryParse<IssuanceFlow>(stored.Flow, out var parsed) ? parsed : IssuanceFlow.Password;
        (RefreshToken Token, string Value)? presented = null;
        if (flow == IssuanceFlow.RefreshToken)
        {
            var token = stored.RefreshToken is { } value ? (await refreshTokens.FindUsableAsync(context.Client, value, cancellationToken))?.Token : null;
            if (token is null)
            {
                return (null, OAuthErrors.InvalidRefreshToken());
            }

            presented = (token, stored.RefreshToken!);
        }

        var claims = new CustomClaims();
        foreach (var (name, value) in stored.AccessTokenClaims)
        {
            claims.SetAccessToken(name, value?.DeepClone());
        }

        foreach (var (name, value) in stored.IdTokenClaims)
        {
            claims.SetIdToken(name, value?.DeepClone());
        }

        var request = new IssuanceRequest
        {
            Context = context,
            Flow = flow,
            User = user,
            Connection = connection,
            Api = api,
            GrantedScopes = flow == IssuanceFlow.RefreshToken ? stored.PolicyScopes : null,
            PresentedRefreshToken = presented,
        };
        return (new IssuanceDecision
        {
            Request = request,
            Scopes = stored.Scopes,
            PolicyScopes = stored.PolicyScopes,
            Permissions = stored.Permissions,
            Claims = claims,
            RefreshTokenLimits = new RefreshTokenLimits(stored.RefreshTokenExpiresAt, stored.RefreshTokenIdleExpiresAt),
            Audit = new GrantAudit(User: user, Connection: connection, Audience: api?.Identifier),
        }, null);
    }

    private static JsonObject ToObject(IReadOnlyDictionary<string, JsonNode?> claims)
    {
        var result = new JsonObject();
        foreach (var (name, value) in claims)
        {
            result[name] = value?.DeepClone();
        }

        return result;
    }
}

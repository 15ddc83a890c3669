using Authgate.Issuance;
using Authgate.OAuth;
using Authgate.Storage;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Grants;

/// <summary>
/// <c>grant_type=client_credentials</c> for machine-to-machine applications: the client authenticated itself,
/// a client grant authorises it for the audience; the one issuance step gives it the requested subset of the
/// grant's scopes (all of them when none are asked for).
/// </summary>
internal sealed class ClientCredentialsGrant(RequestStorage storage, ApiResolver apis, ApiAccess access, ClientCredentialsQuota quota, TokenIssuance issuance) : IGrantHandler
{
    public string GrantType => GrantTypes.ClientCredentials;

    public async Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        if (!context.ClientAuthenticated || client.IsPublic)
        {
            return OAuthErrors.GrantNotAllowed(GrantType);
        }

        var tenant = await HotQueries.Tenant(storage);
        var audience = context.Request[OAuthParameters.Audience] ?? tenant?.DefaultAudience;
        if (audience is null)
        {
            return OAuthErrors.NoAudience();
        }

        var api = await apis.FindAsync(audience, cancellationToken);
        if (api is null)
        {
            return OAuthErrors.ServiceNotFound(audience);
        }

        var audit = new GrantAudit(Audience: api.Identifier);
        var decision = await access.ForClientAsync(client, api, apis.ToStored(api.Identifier));
        if (decision.Error is { } refused)
        {
            return GrantResult.Failure(refused, audit);
        }

        if (await quota.ConsumeAsync(client, tenant, cancellationToken) is { } exceeded)
        {
            return GrantResult.Failure(exceeded, audit);
        }

        return await issuance.IssueAsync(new IssuanceRequest
        {
            Context = context,
            Flow = IssuanceFlow.ClientCredentials,
            Api = api,
            GrantedScopes = decision.Scopes?.ToList() ?? [],
        }, cancellationToken);
    }
}

using Authgate.Admin;
using Authgate.OAuth;
using Authgate.Storage;
using Authgate.Storage.Entities;

namespace Authgate.Grants;

/// <summary>
/// Who may get tokens for an API, and with which scopes at most: the API's <c>subject_type_authorization</c>
/// (users: allow_all, deny_all or require_client_grant; clients: require_client_grant or deny_all), its client grants
/// (<c>allow_all_scopes</c>, grants for every third-party client) and <c>proof_of_possession</c>.
/// </summary>
internal sealed class ApiAccess(RequestStorage storage)
{
    /// <param name="Error">Why the request is refused, or null.</param>
    /// <param name="Scopes">The most the caller may get (the grant's scopes), or null for no limit beyond the API's.</param>
    public sealed record Decision(OAuthError? Error, IReadOnlyCollection<string>? Scopes)
    {
        public static readonly Decision Allowed = new(null, null);

        public static Decision Refused(OAuthError error) => new(error, null);
    }

    /// <summary>A user flow (password, password-realm, refresh token) for <paramref name="api"/>.</summary>
    public async Task<Decision> ForUserAsync(Client client, ResourceServer api, string storedAudience)
    {
        if (ProofOfPossession(client, api) is { } pop)
        {
            return Decision.Refused(pop);
        }

        return api.UserPolicy switch
        {
            AccessPolicies.DenyAll => Decision.Refused(OAuthErrors.ApiDeniesAccess(client.ClientId, api.Identifier)),
            AccessPolicies.RequireClientGrant => await GrantedAsync(client, api, storedAudience, ClientGrant.UserSubject),
            _ => Decision.Allowed,
        };
    }

    /// <summary>A client-credentials request for <paramref name="api"/>: a client grant is always needed, as at Auth0.</summary>
    public async Task<Decision> ForClientAsync(Client client, ResourceServer api, string storedAudience)
    {
        if (ProofOfPossession(client, api) is { } pop)
        {
            return Decision.Refused(pop);
        }

        return api.ClientPolicy == AccessPolicies.DenyAll
            ? Decision.Refused(OAuthErrors.ApiDeniesAccess(client.ClientId, api.Identifier))
            : await GrantedAsync(client, api, storedAudience, ClientGrant.ClientSubject);
    }

    private async Task<Decision> GrantedAsync(Client client, ResourceServer api, string storedAudience, string subjectType)
    {
        var grant = await HotQueries.ClientGrant(storage, client.ClientId, storedAudience, subjectType)
            ?? (client.IsFirstParty ? null : await HotQueries.DefaultClientGrant(storage, "third_party_clients", storedAudience, subjectType));
        if (grant is null)
        {
            return Decision.Refused(OAuthErrors.NoClientGrant(client.ClientId, api.Identifier));
        }

        return new Decision(null, grant.AllowAllScopes ? api.Scopes.Select(s => s.Value).ToList() : grant.Scope);
    }

    /// <summary>
    /// Sender-constrained tokens (DPoP, mTLS) cannot be issued here, so a client or API that requires them gets none
    /// rather than bearer tokens it would take for bound ones.
    /// </summary>
    private static OAuthError? ProofOfPossession(Client client, ResourceServer api)
    {
        if (client.RequireProofOfPossession)
        {
            return OAuthErrors.ProofOfPossessionRequired();
        }

        if (!api.ProofOfPossessionRequired)
        {
            return null;
        }

        var requiredFor = AdminJson.Object(api.Document).Obj("proof_of_possession")?.String("required_for");
        return requiredFor == "public_clients" && !client.IsPublic ? null : OAuthErrors.ProofOfPossessionRequired();
    }
}

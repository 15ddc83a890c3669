using Authgate.Issuance;
using Authgate.OAuth;
using Authgate.Storage.Entities;

namespace Authgate.Grants;

/// <summary>
/// The scopes each grant receives, before RBAC, Rules and Actions (contract §1.4, §3).
/// Password: a password proves full trust, so no API scope requested means every scope of the API; <c>openid</c>
/// without another OIDC scope means all five OIDC scopes; API scopes the API does not define are dropped silently.
/// Order: OIDC scopes, <c>offline_access</c>, then API scopes. Refresh: the token's scopes, or the subset asked
/// for. Client credentials: the client grant's scopes, or the subset asked for.
/// </summary>
internal static class ScopePolicy
{
    public static IReadOnlyList<string> For(IssuanceRequest request)
    {
        var asked = request.Context.Request[OAuthParameters.Scope];
        if (request.Flow == IssuanceFlow.Password)
        {
            // A refresh token needs offline_access, an API that allows it (or no API), and the client's refresh_token grant.
            var offlineAccessAllowed = request.Client.GrantTypes.Contains(GrantTypes.RefreshToken) && (request.Api is null || request.Api.AllowOfflineAccess);
            return ForPassword(asked, request.Api, offlineAccessAllowed);
        }

        var granted = request.GrantedScopes ?? [];
        var requested = Split(asked);
        if (requested.Count == 0)
        {
            return granted;
        }

        // A refresh keeps the order asked for; client credentials keep the client grant's order.
        return request.Flow == IssuanceFlow.RefreshToken ? requested.Where(granted.Contains).ToList() : granted.Where(requested.Contains).ToList();
    }

    public static IReadOnlyList<string> ForPassword(string? requested, ResourceServer? api, bool offlineAccessAllowed)
    {
        var asked = Split(requested);
        var granted = new List<string>();

        var oidc = StandardScopes.Oidc.Where(asked.Contains).ToList();
        granted.AddRange(oidc.Count == 1 && oidc[0] == StandardScopes.OpenId ? StandardScopes.Oidc : oidc);

        if (offlineAccessAllowed && asked.Contains(StandardScopes.OfflineAccess))
        {
            granted.Add(StandardScopes.OfflineAccess);
        }

        if (api is not null)
        {
            var apiAsked = asked.Where(s => !StandardScopes.IsOidc(s) && s != StandardScopes.OfflineAccess).ToList();
            var defined = api.Scopes.Select(s => s.Value);
            granted.AddRange(apiAsked.Count == 0 ? defined : apiAsked.Where(s => api.Scopes.Any(d => d.Value == s)));
        }

        return granted;
    }

    /// <summary>Space-separated scope values, without repeats, in the order given.</summary>
    public static List<string> Split(string? scope)
    {
        var result = new List<string>();
        if (scope is null)
        {
            return result;
        }

        foreach (var value in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!result.Contains(value))
            {
                result.Add(value);
            }
        }

        return result;
    }
}

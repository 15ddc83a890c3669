using Authgate.Issuance;
using Authgate.Management;
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
    public static IReadOnlyList<string> For(IssuanceRequest request) => Within(Requested(request), request.ScopeLimit);

    private static IReadOnlyList<string> Requested(IssuanceRequest request)
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
        if (request.Flow == IssuanceFlow.RefreshToken)
        {
            return ForRefresh(request, requested.Count == 0 ? granted : requested.Where(granted.Contains).ToList());
        }

        if (requested.Count == 0)
        {
            return granted;
        }

        // Client credentials keep the client grant's order (a refresh keeps the order asked for, above).
        return granted.Where(requested.Contains).ToList();
    }

    /// <summary>A refresh: the token's scopes or the subset asked for, never an admin scope of the Management API.</summary>
    private static IReadOnlyList<string> ForRefresh(IssuanceRequest request, IReadOnlyList<string> scopes)
    {
        if (request.Api is not { IsSystem: true } api)
        {
            return scopes;
        }

        // A refresh token stored before user tokens were limited to current_user scopes must not revive admin scopes.
        var allowed = ForUsers(api);
        return scopes.Where(s => StandardScopes.IsOidc(s) || s == StandardScopes.OfflineAccess || allowed.Contains(s)).ToList();
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
            var defined = ForUsers(api);
            granted.AddRange(apiAsked.Count == 0 ? defined : apiAsked.Where(defined.Contains));
        }

        return granted;
    }

    /// <summary>
    /// The API scopes a user's token may carry. For the Management API only the <c>*:current_user*</c> scopes: a
    /// password never makes its owner an administrator; admin scopes come only from client grants.
    /// </summary>
    public static IReadOnlyList<string> ForUsers(ResourceServer api) =>
        api.IsSystem ? ManagementScopes.CurrentUser : api.Scopes.Select(s => s.Value).ToList();

    /// <summary>
    /// The scopes without API scopes outside <paramref name="limit"/> (a client grant's scopes when the API requires
    /// one for users); OIDC scopes and <c>offline_access</c> are kept. No limit keeps everything.
    /// </summary>
    public static IReadOnlyList<string> Within(IReadOnlyList<string> scopes, IReadOnlyCollection<string>? limit) =>
        limit is null ? scopes : scopes.Where(s => StandardScopes.IsOidc(s) || s == StandardScopes.OfflineAccess || limit.Contains(s)).ToList();

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

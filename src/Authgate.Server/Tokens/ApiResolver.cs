using Authgate.Hosting;
using Authgate.Management;
using Authgate.Storage;
using Authgate.Storage.Entities;

namespace Authgate.Tokens;

/// <summary>
/// Finds the API (resource server) of an audience, byte-exactly. The Management API is built in: its audience is
/// <c>{issuer}api/v2/</c>, which follows the issuer, so grants and refresh tokens store it under a fixed name
/// (<see cref="ManagementStoredAudience"/>) that is never accepted from a request.
/// </summary>
internal sealed class ApiResolver(RequestStorage storage, Issuer issuer)
{
    public const string ManagementStoredAudience = "urn:authgate:management-api";
    public const string ManagementApiId = "management-api";

    /// <summary>The MFA API (<c>{issuer}mfa/</c>) is built in too, under its own fixed stored name.</summary>
    public const string MfaStoredAudience = "urn:authgate:mfa-api";
    public const string MfaApiId = "mfa-api";

    /// <summary>The MFA API's scopes (AUTH0-ACTIONS-MFA-LDAP.md §2.7).</summary>
    public static readonly string[] MfaScopes = ["enroll", "read:authenticators", "remove:authenticators"];

    public string ManagementAudience => issuer.Url("api/v2/");

    public string MfaAudience => issuer.Url("mfa/");

    public bool IsMfa(string audience) => audience == MfaAudience;

    /// <summary>True only for the Management API's audience exactly as the issuer spells it.</summary>
    public bool IsManagement(string audience) => audience == ManagementAudience;

    public string ToStored(string audience) => IsManagement(audience) ? ManagementStoredAudience : IsMfa(audience) ? MfaStoredAudience : audience;

    public string ToWire(string stored) => stored switch
    {
        ManagementStoredAudience => ManagementAudience,
        MfaStoredAudience => MfaAudience,
        _ => stored,
    };

    /// <summary>The API of an audience a client sent.</summary>
    public async Task<ResourceServer?> FindAsync(string audience, CancellationToken cancellationToken) =>
        IsManagement(audience) ? ManagementApi()
        : IsMfa(audience) ? MfaApi()
        : audience is ManagementStoredAudience or MfaStoredAudience ? null
        : await HotQueries.ApiByIdentifier(storage, audience);

    /// <summary>The API of an audience as grants and refresh tokens store it.</summary>
    public async Task<ResourceServer?> FindStoredAsync(string stored, CancellationToken cancellationToken) => stored switch
    {
        ManagementStoredAudience => ManagementApi(),
        MfaStoredAudience => MfaApi(),
        _ => await FindAsync(stored, cancellationToken),
    };

    /// <summary>
    /// True when <paramref name="identifier"/> names the Management API, <c>/userinfo</c> or the stored Management
    /// name in any spelling (scheme or host case, a trailing slash, the default port written out, escapes). An API
    /// with such an identifier would issue tokens that look like ours.
    /// </summary>
    /// <param name="issuer">Null while the issuer is not known yet (a first start on port 0): only the stored name is checked.</param>
    public static bool IsReservedIdentifier(string identifier, string? issuer)
    {
        var candidate = Canonical(identifier);
        return candidate == Canonical(ManagementStoredAudience) || candidate == Canonical(MfaStoredAudience)
            || (issuer is not null && (candidate == Canonical(issuer + "api/v2/") || candidate == Canonical(issuer + "userinfo") || candidate == Canonical(issuer + "mfa/")));
    }

    private static string Canonical(string value)
    {
        var trimmed = value.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.IsAbsoluteUri)
        {
            // Uri lower-cases scheme and host, drops a default port and decodes unreserved escapes.
            var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
            return $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}{path}".ToLowerInvariant();
        }

        return Uri.UnescapeDataString(trimmed).TrimEnd('/').ToLowerInvariant();
    }

    public ResourceServer ManagementApi() => ManagementApi(ManagementAudience);

    /// <param name="identifier">The identifier to show: its public URL, or the stored name where the issuer may not be known yet.</param>
    public static ResourceServer ManagementApi(string identifier) => new()
    {
        Id = ManagementApiId,
        Identifier = identifier,
        Name = "Auth0 Management API",
        Scopes = ManagementScopes.All.Select(s => new ResourceServerScope { Value = s }).ToList(),
        SigningAlg = SigningAlgorithms.RS256,
        TokenLifetimeSeconds = 86400,
        IsSystem = true,
    };

    /// <summary>
    /// The MFA API: tokens for a user to manage their own authenticators, 10 minutes, never refreshable (Auth0: "not
    /// configurable"). Not a system API in the Management sense: its three scopes are a user's to ask for.
    /// </summary>
    public ResourceServer MfaApi() => new()
    {
        Id = MfaApiId,
        Identifier = MfaAudience,
        Name = "MFA API",
        Scopes = MfaScopes.Select(s => new ResourceServerScope { Value = s }).ToList(),
        SigningAlg = SigningAlgorithms.RS256,
        TokenLifetimeSeconds = 600,
        AllowOfflineAccess = false,
    };
}

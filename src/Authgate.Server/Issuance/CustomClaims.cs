using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Issuance;

/// <summary>
/// The claims bag Rules and Actions add to, with Auth0's restrictions (AUTH0-ACTIONS-MFA-LDAP.md §1.6): a restricted
/// name, an Auth0-owned namespace, or a private (non-namespaced) claim on a Management API token is dropped
/// silently, as Auth0 drops colliding claims without failing the login. The size of all custom claims together
/// is capped at 100 KB; going over fails the request, as it fails Auth0's transaction.
/// </summary>
internal sealed class CustomClaims
{
    public const int MaxPayloadBytes = 100 * 1024;

    private static readonly HashSet<string> Restricted = new(StringComparer.Ordinal)
    {
        "acr", "act", "active", "amr", "at_hash", "ath", "attest", "aud", "auth_time", "authorization_details", "azp",
        "c_hash", "client_id", "cnf", "cty", "dest", "entitlements", "events", "exp", "groups", "gty", "htm", "htu",
        "iat", "internalService", "iss", "jcard", "jku", "jti", "jwe", "jwk", "kid", "may_act", "mky", "nbf", "nonce",
        "object_id", "org_id", "org_name", "orig", "origid", "permissions", "roles", "rph", "s_hash", "sid",
        "sip_callid", "sip_cseq_num", "sip_date", "sip_from_tag", "sip_via_branch", "sub", "sub_jwk", "toe", "txn",
        "typ", "uuid", "vot", "vtm", "x5t#S256",
        // Written by Authgate itself on every token.
        "scope",
    };

    private static readonly string[] ForbiddenHosts = ["auth0.com", "webtask.io", "webtask.run"];

    private readonly Dictionary<string, JsonNode?> accessToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> idToken = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JsonNode?> AccessToken => accessToken;

    public IReadOnlyDictionary<string, JsonNode?> IdToken => idToken;

    public bool IsEmpty => accessToken.Count == 0 && idToken.Count == 0;

    /// <summary>Sets an access-token claim; false when Auth0's rules drop it.</summary>
    public bool SetAccessToken(string name, JsonNode? value) => Set(accessToken, name, value);

    /// <summary>Sets an ID-token claim; false when Auth0's rules drop it.</summary>
    public bool SetIdToken(string name, JsonNode? value) => Set(idToken, name, value);

    /// <summary>Whether the claims fit Auth0's 100 KB cap (names and JSON values, both tokens together).</summary>
    public bool WithinSizeLimit() => Size(accessToken) + Size(idToken) <= MaxPayloadBytes;

    /// <summary>The access-token claims to sign; private names are dropped for the Management API, which refuses them at Auth0.</summary>
    public IReadOnlyDictionary<string, object> ForAccessToken(bool managementApi) => ToClaims(accessToken, managementApi);

    public IReadOnlyDictionary<string, object> ForIdToken() => ToClaims(idToken, managementApi: false);

    /// <summary>Restricted names and Auth0's own namespaces are refused.</summary>
    public static bool IsAllowed(string name)
    {
        if (name.Length == 0 || Restricted.Contains(name))
        {
            return false;
        }

        if (name.StartsWith("urn:auth0", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !(Uri.TryCreate(name, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && ForbiddenHosts.Any(host => uri.Host.Equals(host, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + host, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>A namespaced claim is an http(s) URL or a URN.</summary>
    public static bool IsNamespaced(string name) =>
        name.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)
        || (Uri.TryCreate(name, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    private static bool Set(Dictionary<string, JsonNode?> claims, string name, JsonNode? value)
    {
        if (!IsAllowed(name))
        {
            return false;
        }

        claims[name] = value;
        return true;
    }

    private static long Size(Dictionary<string, JsonNode?> claims) =>
        claims.Sum(c => (long)System.Text.Encoding.UTF8.GetByteCount(c.Key) + System.Text.Encoding.UTF8.GetByteCount(c.Value?.ToJsonString() ?? "null"));

    private static Dictionary<string, object> ToClaims(Dictionary<string, JsonNode?> claims, bool managementApi)
    {
        var result = new Dictionary<string, object>(claims.Count, StringComparer.Ordinal);
        foreach (var (name, value) in claims)
        {
            // undefined/null values are not written, as JSON.stringify leaves them out.
            if (value is null || (managementApi && !IsNamespaced(name)))
            {
                continue;
            }

            // Strings and booleans, by far the most common claims, go to the token writer as they are; other values as JSON.
            result[name] = value switch
            {
                JsonValue v when v.TryGetValue(out string? text) => text,
                JsonValue v when v.TryGetValue(out bool flag) => flag,
                _ => JsonSerializer.SerializeToElement(value),
            };
        }

        return result;
    }
}

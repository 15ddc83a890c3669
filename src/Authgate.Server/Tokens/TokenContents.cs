using Authgate.Storage.Entities;

namespace Authgate.Tokens;

/// <summary>
/// Everything that goes into the tokens of one successful request: who, for which client and API, the scopes, the
/// <c>gty</c> value (a string or an array), and what Rules and Actions added.
/// </summary>
internal sealed record TokenContents(
    Client Client,
    User? User,
    string Subject,
    ResourceServer? Api,
    IReadOnlyList<string> Scopes,
    object GrantTypeClaim)
{
    /// <summary>Custom access-token claims, already filtered (reserved names dropped, namespaces checked).</summary>
    public IReadOnlyDictionary<string, object> AccessTokenClaims { get; init; } = Empty;

    /// <summary>Custom ID-token claims, already filtered.</summary>
    public IReadOnlyDictionary<string, object> IdTokenClaims { get; init; } = Empty;

    /// <summary>
    /// The scopes that decide the ID token, its profile claims and the <c>/userinfo</c> audience: those granted before
    /// Rules and Actions, which change only the access token's <c>scope</c> (a Rule that sets
    /// <c>context.accessToken.scope</c> does not take the ID token away). Null means <see cref="Scopes"/>.
    /// </summary>
    public IReadOnlyList<string>? IdentityScopes { get; init; }

    /// <summary>The user's permissions on the API, set only for the <c>*_authz</c> token dialects.</summary>
    public IReadOnlyList<string>? Permissions { get; init; }

    private static readonly IReadOnlyDictionary<string, object> Empty = new Dictionary<string, object>();
}

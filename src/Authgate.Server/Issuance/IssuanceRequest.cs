using Authgate.Grants;
using Authgate.Storage.Entities;

namespace Authgate.Issuance;

/// <summary>
/// What a grant handler established before anything is issued: the request, who authenticated (a user, or the
/// client itself), the API, and for the refresh and client-credentials grants the scopes already granted.
/// </summary>
internal sealed record IssuanceRequest
{
    public required GrantContext Context { get; init; }
    public required IssuanceFlow Flow { get; init; }
    public User? User { get; init; }
    public Connection? Connection { get; init; }
    public ResourceServer? Api { get; init; }

    /// <summary>The refresh token's scopes, or the client grant's: the most the request can receive. Null for a password login.</summary>
    public IReadOnlyList<string>? GrantedScopes { get; init; }

    /// <summary>
    /// The most an API's user grant allows (its <c>subject_type_authorization.user.policy</c> is
    /// <c>require_client_grant</c>, see <see cref="ApiAccess"/>); null when the API sets no limit.
    /// </summary>
    public IReadOnlyCollection<string>? ScopeLimit { get; init; }

    /// <summary>The refresh token being exchanged and its value; it moves forward only once the request succeeded.</summary>
    public (Storage.Entities.RefreshToken Token, string Value)? PresentedRefreshToken { get; init; }

    public Client Client => Context.Client;

    public string Subject => User?.UserId ?? Client.ClientId + "@clients";
}

namespace Authgate.Storage.Entities;

/// <summary>An API: its identifier is the audience of the access tokens issued for it.</summary>
internal sealed class ResourceServer
{
    public required string Id { get; set; }
    public required string Identifier { get; set; }
    public required string Name { get; set; }
    public List<ResourceServerScope> Scopes { get; set; } = [];
    public string SigningAlg { get; set; } = SigningAlgorithms.RS256;
    /// <summary>The HS256 secret, encrypted; null for RS256 APIs that never had one.</summary>
    public string? SigningSecretProtected { get; set; }
    public int TokenLifetimeSeconds { get; set; } = 86400;
    public bool AllowOfflineAccess { get; set; }
    public bool IsSystem { get; set; }
    /// <summary>RBAC: users receive only the scopes they hold as permissions (through roles or directly).</summary>
    public bool EnforcePolicies { get; set; }
    /// <summary>One of <see cref="TokenDialects"/>.</summary>
    public string TokenDialect { get; set; } = TokenDialects.AccessToken;
    /// <summary><c>subject_type_authorization.user.policy</c>: allow_all, deny_all or require_client_grant.</summary>
    public string UserPolicy { get; set; } = AccessPolicies.AllowAll;
    /// <summary><c>subject_type_authorization.client.policy</c>: deny_all or require_client_grant.</summary>
    public string ClientPolicy { get; set; } = AccessPolicies.RequireClientGrant;
    /// <summary><c>proof_of_possession.required</c>: tokens must be bound, which Authgate does not offer.</summary>
    public bool ProofOfPossessionRequired { get; set; }
    /// <summary>The other Management API fields of the API, as JSON, echoed on read.</summary>
    public string Document { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

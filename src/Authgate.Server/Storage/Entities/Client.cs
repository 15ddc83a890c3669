namespace Authgate.Storage.Entities;

/// <summary>An application, with Auth0's client fields. The secret is stored encrypted: HS256 ID tokens need it.</summary>
internal sealed class Client
{
    public required string ClientId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string AppType { get; set; } = AppTypes.RegularWeb;
    public bool IsFirstParty { get; set; } = true;
    public bool OidcConformant { get; set; } = true;
    public string TokenEndpointAuthMethod { get; set; } = ClientAuthMethods.ClientSecretPost;
    public List<string> GrantTypes { get; set; } = [];
    public List<string> Callbacks { get; set; } = [];
    /// <summary>The client secret encrypted by <see cref="Security.SecretProtector"/>.</summary>
    public required string ClientSecretProtected { get; set; }
    public string JwtAlg { get; set; } = "RS256";
    public int IdTokenLifetimeSeconds { get; set; } = 36000;
    public bool IsTokenEndpointIpHeaderTrusted { get; set; }
    /// <summary><c>jwt_configuration.secret_encoded</c>: the secret is base64url and HS256 ID tokens use its decoded bytes.</summary>
    public bool JwtSecretEncoded { get; set; }
    /// <summary>Tokens must be bound (DPoP or mTLS), which Authgate does not offer: the token endpoint refuses this client.</summary>
    public bool RequireProofOfPossession { get; set; }
    /// <summary><c>token_quota.client_credentials</c> when enforced: client-credentials tokens per hour and per day.</summary>
    public int? QuotaPerHour { get; set; }
    public int? QuotaPerDay { get; set; }
    /// <summary>The other Management API fields of the client, as JSON, echoed on read (see docs/ARCHITECTURE.md).</summary>
    public string Document { get; set; } = "{}";
    /// <summary>Null on clients created before the setting existed: they get Auth0's defaults.</summary>
    public RefreshTokenSettings? RefreshToken { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsPublic => TokenEndpointAuthMethod == ClientAuthMethods.None;
}

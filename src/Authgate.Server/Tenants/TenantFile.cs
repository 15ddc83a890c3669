using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authgate.Tenants;

/// <summary>
/// A tenant file: the tenant's objects with Management API v2 field names (users with plain passwords), applied
/// to an empty database by <c>--seed FILE</c>. A typed builder for tenant files written in code (the demo tenant,
/// tests); files are read as a <see cref="TenantDocument"/> and validated by the admin services.
/// </summary>
public sealed record TenantFile
{
    [JsonPropertyName("tenant")] public TenantSection? Tenant { get; init; }
    [JsonPropertyName("resourceServers")] public List<ResourceServerSection> ResourceServers { get; init; } = [];
    [JsonPropertyName("clients")] public List<ClientSection> Clients { get; init; } = [];
    [JsonPropertyName("connections")] public List<ConnectionSection> Connections { get; init; } = [];
    [JsonPropertyName("users")] public List<UserSection> Users { get; init; } = [];
    [JsonPropertyName("clientGrants")] public List<ClientGrantSection> ClientGrants { get; init; } = [];

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public sealed record TenantSection
    {
        [JsonPropertyName("friendly_name")] public string? FriendlyName { get; init; }
        [JsonPropertyName("default_directory")] public string? DefaultDirectory { get; init; }
        [JsonPropertyName("default_audience")] public string? DefaultAudience { get; init; }
    }

    public sealed record ScopeSection
    {
        [JsonPropertyName("value")] public string? Value { get; init; }
        [JsonPropertyName("description")] public string? Description { get; init; }
    }

    public sealed record ResourceServerSection
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("identifier")] public string? Identifier { get; init; }
        [JsonPropertyName("signing_alg")] public string? SigningAlg { get; init; }
        [JsonPropertyName("signing_secret")] public string? SigningSecret { get; init; }
        [JsonPropertyName("token_lifetime")] public int? TokenLifetime { get; init; }
        [JsonPropertyName("allow_offline_access")] public bool? AllowOfflineAccess { get; init; }
        [JsonPropertyName("scopes")] public List<ScopeSection>? Scopes { get; init; }
        [JsonPropertyName("enforce_policies")] public bool? EnforcePolicies { get; init; }
        [JsonPropertyName("token_dialect")] public string? TokenDialect { get; init; }
    }

    public sealed record JwtConfigurationSection
    {
        [JsonPropertyName("alg")] public string? Alg { get; init; }
        [JsonPropertyName("lifetime_in_seconds")] public int? LifetimeInSeconds { get; init; }
    }

    public sealed record ClientSection
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("description")] public string? Description { get; init; }
        [JsonPropertyName("client_id")] public string? ClientId { get; init; }
        [JsonPropertyName("client_secret")] public string? ClientSecret { get; init; }
        [JsonPropertyName("app_type")] public string? AppType { get; init; }
        [JsonPropertyName("is_first_party")] public bool? IsFirstParty { get; init; }
        [JsonPropertyName("oidc_conformant")] public bool? OidcConformant { get; init; }
        [JsonPropertyName("token_endpoint_auth_method")] public string? TokenEndpointAuthMethod { get; init; }
        [JsonPropertyName("grant_types")] public List<string>? GrantTypes { get; init; }
        [JsonPropertyName("callbacks")] public List<string>? Callbacks { get; init; }
        [JsonPropertyName("jwt_configuration")] public JwtConfigurationSection? JwtConfiguration { get; init; }
        [JsonPropertyName("is_token_endpoint_ip_header_trusted")] public bool? IsTokenEndpointIpHeaderTrusted { get; init; }
        [JsonPropertyName("refresh_token")] public RefreshTokenSection? RefreshToken { get; init; }
        [JsonPropertyName("client_authentication_methods")] public ClientAuthenticationMethodsSection? ClientAuthenticationMethods { get; init; }
    }

    public sealed record ClientAuthenticationMethodsSection
    {
        [JsonPropertyName("private_key_jwt")] public PrivateKeyJwtSection? PrivateKeyJwt { get; init; }
    }

    public sealed record PrivateKeyJwtSection
    {
        [JsonPropertyName("credentials")] public List<CredentialSection>? Credentials { get; init; }
    }

    /// <summary>A public key for <c>private_key_jwt</c>: PEM (key or certificate) and its algorithm.</summary>
    public sealed record CredentialSection
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("credential_type")] public string? CredentialType { get; init; }
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("pem")] public string? Pem { get; init; }
        [JsonPropertyName("alg")] public string? Alg { get; init; }
        [JsonPropertyName("kid")] public string? Kid { get; init; }
        [JsonPropertyName("expires_at")] public DateTime? ExpiresAt { get; init; }
    }

    public sealed record RefreshTokenSection
    {
        [JsonPropertyName("rotation_type")] public string? RotationType { get; init; }
        [JsonPropertyName("expiration_type")] public string? ExpirationType { get; init; }
        [JsonPropertyName("leeway")] public int? Leeway { get; init; }
        [JsonPropertyName("token_lifetime")] public int? TokenLifetime { get; init; }
        [JsonPropertyName("infinite_token_lifetime")] public bool? InfiniteTokenLifetime { get; init; }
        [JsonPropertyName("idle_token_lifetime")] public int? IdleTokenLifetime { get; init; }
        [JsonPropertyName("infinite_idle_token_lifetime")] public bool? InfiniteIdleTokenLifetime { get; init; }
    }

    public sealed record ConnectionSection
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("strategy")] public string? Strategy { get; init; }
        [JsonPropertyName("enabled_clients")] public List<string>? EnabledClients { get; init; }
        [JsonPropertyName("options")] public JsonElement? Options { get; init; }
    }

    public sealed record UserSection
    {
        [JsonPropertyName("user_id")] public string? UserId { get; init; }
        [JsonPropertyName("connection")] public string? Connection { get; init; }
        [JsonPropertyName("email")] public string? Email { get; init; }
        [JsonPropertyName("username")] public string? Username { get; init; }
        [JsonPropertyName("password")] public string? Password { get; init; }
        [JsonPropertyName("email_verified")] public bool? EmailVerified { get; init; }
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("given_name")] public string? GivenName { get; init; }
        [JsonPropertyName("family_name")] public string? FamilyName { get; init; }
        [JsonPropertyName("nickname")] public string? Nickname { get; init; }
        [JsonPropertyName("picture")] public string? Picture { get; init; }
        [JsonPropertyName("blocked")] public bool? Blocked { get; init; }
        [JsonPropertyName("app_metadata")] public JsonElement? AppMetadata { get; init; }
        [JsonPropertyName("user_metadata")] public JsonElement? UserMetadata { get; init; }
        [JsonPropertyName("verify_email")] public bool? VerifyEmail { get; init; }
        /// <summary>An Argon2id PHC string from <c>authgate export</c>, used instead of <see cref="Password"/>.</summary>
        [JsonPropertyName("password_hash")] public string? PasswordHash { get; init; }
    }

    public sealed record ClientGrantSection
    {
        [JsonPropertyName("client_id")] public string? ClientId { get; init; }
        [JsonPropertyName("audience")] public string? Audience { get; init; }
        [JsonPropertyName("scope")] public List<string>? Scope { get; init; }
    }
}

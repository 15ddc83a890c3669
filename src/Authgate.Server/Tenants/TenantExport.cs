using System.Text.Json;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Tenants;

/// <summary>Entities back to tenant-file sections: for Management API answers, PATCH merges and <c>authgate export</c>.</summary>
internal sealed class TenantExport(SecretProtector protector)
{
    public TenantFile.TenantSection Tenant(TenantSettings tenant) => new()
    {
        FriendlyName = tenant.FriendlyName,
        DefaultDirectory = tenant.DefaultDirectory,
        DefaultAudience = tenant.DefaultAudience,
    };

    public TenantFile.ResourceServerSection ResourceServer(ResourceServer api, bool includeSecret) => new()
    {
        Name = api.Name,
        Identifier = api.Identifier,
        SigningAlg = api.SigningAlg,
        SigningSecret = includeSecret && api.SigningSecretProtected is { } secret ? protector.Unprotect(secret, SecretPurposes.ApiSigningSecret) : null,
        TokenLifetime = api.TokenLifetimeSeconds,
        AllowOfflineAccess = api.AllowOfflineAccess,
        Scopes = api.Scopes.Select(s => new TenantFile.ScopeSection { Value = s.Value, Description = s.Description }).ToList(),
        EnforcePolicies = api.EnforcePolicies,
        TokenDialect = api.TokenDialect,
    };

    public TenantFile.ClientSection Client(Client client, bool includeSecret, IReadOnlyList<ClientCredential>? credentials = null)
    {
        var settings = client.RefreshToken ?? new RefreshTokenSettings();
        return new TenantFile.ClientSection
        {
            Name = client.Name,
            Description = client.Description,
            ClientId = client.ClientId,
            ClientSecret = includeSecret ? protector.Unprotect(client.ClientSecretProtected, SecretPurposes.ClientSecret) : null,
            AppType = client.AppType,
            IsFirstParty = client.IsFirstParty,
            OidcConformant = client.OidcConformant,
            TokenEndpointAuthMethod = client.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt ? null : client.TokenEndpointAuthMethod,
            GrantTypes = client.GrantTypes,
            Callbacks = client.Callbacks,
            JwtConfiguration = new TenantFile.JwtConfigurationSection { Alg = client.JwtAlg, LifetimeInSeconds = client.IdTokenLifetimeSeconds },
            IsTokenEndpointIpHeaderTrusted = client.IsTokenEndpointIpHeaderTrusted,
            RefreshToken = new TenantFile.RefreshTokenSection
            {
                RotationType = settings.RotationType,
                ExpirationType = settings.ExpirationType,
                Leeway = settings.Leeway,
                TokenLifetime = settings.TokenLifetime,
                InfiniteTokenLifetime = settings.InfiniteTokenLifetime,
                IdleTokenLifetime = settings.IdleTokenLifetime,
                InfiniteIdleTokenLifetime = settings.InfiniteIdleTokenLifetime,
            },
            ClientAuthenticationMethods = credentials is { Count: > 0 }
                ? new TenantFile.ClientAuthenticationMethodsSection
                {
                    PrivateKeyJwt = new TenantFile.PrivateKeyJwtSection { Credentials = credentials.Select(Credential).ToList() },
                }
                : null,
        };
    }

    public static TenantFile.CredentialSection Credential(ClientCredential credential) => new()
    {
        Id = credential.Id,
        CredentialType = credential.CredentialType,
        Name = credential.Name,
        Pem = credential.Pem,
        Alg = credential.Alg,
        Kid = credential.Kid,
        ExpiresAt = credential.ExpiresAt,
    };

    public static TenantFile.ConnectionSection Connection(Connection connection) => new()
    {
        Name = connection.Name,
        Strategy = connection.Strategy,
        EnabledClients = connection.EnabledClients,
        Options = JsonSerializer.SerializeToElement(Json.StoredJson.ParseObject(connection.OptionsJson)),
    };

    /// <summary>The connection with its secret (an LDAP bind password) back in its options, for <c>authgate export</c>.</summary>
    public TenantFile.ConnectionSection ConnectionWithSecret(Connection connection)
    {
        if (connection.SecretProtected is not { } secret)
        {
            return Connection(connection);
        }

        var options = System.Text.Json.Nodes.JsonNode.Parse(connection.OptionsJson)!.AsObject();
        options["bind_password"] = protector.Unprotect(secret, SecretPurposes.LdapBindPassword);
        return Connection(connection) with { Options = JsonSerializer.SerializeToElement(options) };
    }

    public static TenantFile.UserSection User(User user, string connectionName, bool includePasswordHash = false) => new()
    {
        PasswordHash = includePasswordHash ? user.PasswordHash : null,
        UserId = user.UserId,
        Connection = connectionName,
        Email = user.Email,
        Username = user.Username,
        EmailVerified = user.EmailVerified,
        Name = user.Name,
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        Nickname = user.Nickname,
        Picture = user.Picture,
        Blocked = user.Blocked,
        AppMetadata = JsonSerializer.SerializeToElement(Json.StoredJson.ParseObject(user.AppMetadataJson)),
        UserMetadata = JsonSerializer.SerializeToElement(Json.StoredJson.ParseObject(user.UserMetadataJson)),
    };
}

using System.Net.Mail;
using System.Text.Json;
using Authgate.Connections;
using Authgate.Connections.Ldap;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Tenants;

/// <summary>
/// Turns tenant-file sections (Management API v2 field names) into entities, validating every field and naming it
/// in a <see cref="TenantFileException"/>. Shared by the seed file, the Management API and the CLI, so the same
/// object is accepted or refused the same way everywhere. Given an existing entity, its ids, secrets and creation
/// time are kept.
/// </summary>
internal sealed class TenantObjects(SecretProtector protector, PasswordHashing hashing, Hosting.Issuer issuer)
{
    public const int MinimumSecretLength = 32;

    public ResourceServer ResourceServer(TenantFile.ResourceServerSection section, string path, DateTime now, ResourceServer? existing = null)
    {
        var identifier = Required(section.Identifier, path, "identifier");
        if (Tokens.ApiResolver.IsReservedIdentifier(identifier, issuer.ValueIfKnown))
        {
            throw new TenantFileException($"{path}.identifier: '{identifier}' is reserved for Authgate's own APIs (Management API, /userinfo).");
        }
        var alg = section.SigningAlg ?? SigningAlgorithms.RS256;
        if (alg is not (SigningAlgorithms.RS256 or SigningAlgorithms.HS256))
        {
            throw new TenantFileException($"{path}.signing_alg: must be RS256 or HS256.");
        }

        var secret = section.SigningSecret;
        if (secret is not null && secret.Length < MinimumSecretLength)
        {
            throw new TenantFileException($"{path}.signing_secret: must be at least {MinimumSecretLength} characters.");
        }

        var lifetime = section.TokenLifetime ?? 86400;
        if (lifetime is < 1 or > 2592000)
        {
            throw new TenantFileException($"{path}.token_lifetime: must be between 1 and 2592000 seconds.");
        }

        var dialect = section.TokenDialect ?? TokenDialects.AccessToken;
        if (!TokenDialects.All.Contains(dialect))
        {
            throw new TenantFileException($"{path}.token_dialect: must be one of {string.Join(", ", TokenDialects.All)}.");
        }

        var scopes = (section.Scopes ?? []).Select((s, i) => new ResourceServerScope
        {
            Value = ScopeValue(s.Value, $"{path}.scopes[{i}].value"),
            Description = s.Description,
        }).ToList();
        Unique(scopes.Select(s => s.Value), $"{path}.scopes", "value");

        return new ResourceServer
        {
            Id = existing?.Id ?? RandomValues.Hex(12),
            Identifier = identifier,
            Name = section.Name ?? identifier,
            Scopes = scopes,
            SigningAlg = alg,
            SigningSecretProtected = secret is not null || existing?.SigningSecretProtected is null
                ? protector.Protect(secret ?? RandomValues.Secret(), SecretPurposes.ApiSigningSecret)
                : existing.SigningSecretProtected,
            TokenLifetimeSeconds = lifetime,
            AllowOfflineAccess = section.AllowOfflineAccess ?? false,
            EnforcePolicies = section.EnforcePolicies ?? false,
            TokenDialect = dialect,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        };
    }

    public Client Client(TenantFile.ClientSection section, string path, DateTime now, Client? existing = null)
    {
        var name = Required(section.Name, path, "name");
        var appType = section.AppType ?? AppTypes.RegularWeb;
        if (!AppTypes.All.Contains(appType))
        {
            throw new TenantFileException($"{path}.app_type: must be one of {string.Join(", ", AppTypes.All)}.");
        }

        var isPublic = appType is AppTypes.Spa or AppTypes.Native;
        var usesKeys = section.ClientAuthenticationMethods?.PrivateKeyJwt?.Credentials is { Count: > 0 }
            || (existing?.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt && section.TokenEndpointAuthMethod is null);
        var method = section.TokenEndpointAuthMethod
            ?? (usesKeys ? ClientAuthMethods.PrivateKeyJwt : isPublic ? ClientAuthMethods.None : ClientAuthMethods.ClientSecretPost);
        if (method != ClientAuthMethods.PrivateKeyJwt && !ClientAuthMethods.All.Contains(method))
        {
            throw new TenantFileException($"{path}.token_endpoint_auth_method: must be one of {string.Join(", ", ClientAuthMethods.All)}.");
        }

        var grants = section.GrantTypes ?? (method == ClientAuthMethods.None
            ? [GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.RefreshToken]
            : [GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.RefreshToken, GrantTypes.ClientCredentials]);
        foreach (var grant in grants.Where(g => !GrantTypes.Known.Contains(g)))
        {
            throw new TenantFileException($"{path}.grant_types: unknown grant type '{grant}'.");
        }

        if (method == ClientAuthMethods.None && grants.Contains(GrantTypes.ClientCredentials))
        {
            throw new TenantFileException($"{path}.grant_types: a public client (token_endpoint_auth_method none) cannot use client_credentials.");
        }

        var callbacks = section.Callbacks ?? [];
        if (appType == AppTypes.RegularWeb && callbacks.Count == 0)
        {
            throw new TenantFileException($"{path}.callbacks: a regular web application needs at least one allowed callback URL.");
        }

        foreach (var callback in callbacks.Where(c => !Uri.TryCreate(c, UriKind.Absolute, out _)))
        {
            throw new TenantFileException($"{path}.callbacks: '{callback}' is not an absolute URL.");
        }

        var secret = section.ClientSecret ?? (existing is null ? RandomValues.Secret() : null);
        if (secret is not null && secret.Length < MinimumSecretLength)
        {
            throw new TenantFileException($"{path}.client_secret: must be at least {MinimumSecretLength} characters.");
        }

        var clientId = existing?.ClientId ?? section.ClientId ?? RandomValues.ClientId();
        // Only dots would be a path dot-segment: /api/v2/clients/.. could never reach the client.
        if (clientId.Length is < 1 or > 64 || clientId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) || clientId.All(c => c == '.'))
        {
            throw new TenantFileException($"{path}.client_id: 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        var alg = section.JwtConfiguration?.Alg ?? SigningAlgorithms.RS256;
        if (alg is not (SigningAlgorithms.RS256 or SigningAlgorithms.HS256))
        {
            throw new TenantFileException($"{path}.jwt_configuration.alg: must be RS256 or HS256.");
        }

        return new Client
        {
            ClientId = clientId,
            Name = name,
            Description = section.Description,
            AppType = appType,
            IsFirstParty = section.IsFirstParty ?? true,
            OidcConformant = section.OidcConformant ?? true,
            TokenEndpointAuthMethod = method,
            GrantTypes = grants.Distinct().ToList(),
            Callbacks = callbacks,
            ClientSecretProtected = secret is null ? existing!.ClientSecretProtected : protector.Protect(secret, SecretPurposes.ClientSecret),
            JwtAlg = alg,
            IdTokenLifetimeSeconds = section.JwtConfiguration?.LifetimeInSeconds ?? 36000,
            IsTokenEndpointIpHeaderTrusted = section.IsTokenEndpointIpHeaderTrusted ?? false,
            RefreshToken = RefreshTokenSettings(section.RefreshToken, $"{path}.refresh_token"),
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// A client grant for <paramref name="storedAudience"/> (the Management API's under its stored name); every scope
    /// must be one the API defines. The one place grants are made, for tenant files, the Management API and the CLI.
    /// </summary>
    public static ClientGrant ClientGrant(string clientId, string storedAudience, IEnumerable<string> scopes, IEnumerable<string> defined, string path, DateTime now) => new()
    {
        Id = "cgr_" + RandomValues.Hex(8),
        ClientId = clientId,
        Audience = storedAudience,
        Scope = GrantScopes(scopes, defined, path),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The scopes of a client grant without repeats; one the API does not define is refused.</summary>
    public static List<string> GrantScopes(IEnumerable<string> scopes, IEnumerable<string> defined, string path)
    {
        var known = defined.ToHashSet(StringComparer.Ordinal);
        var distinct = scopes.Distinct().ToList();
        foreach (var scope in distinct.Where(s => !known.Contains(s)))
        {
            throw new TenantFileException($"{path}: '{scope}' is not a scope of the API.");
        }

        return distinct;
    }

    /// <summary>The <c>private_key_jwt</c> public keys given with a client.</summary>
    public static List<ClientCredential> Credentials(TenantFile.ClientSection section, string clientId, string path, DateTime now) =>
        (section.ClientAuthenticationMethods?.PrivateKeyJwt?.Credentials ?? [])
            .Select((c, i) => Credential(c, clientId, $"{path}.client_authentication_methods.private_key_jwt.credentials[{i}]", now))
            .ToList();

    /// <summary>A public key in PEM (SubjectPublicKeyInfo or certificate), RSA of at least 2048 bits, for RS256, RS384 or PS256.</summary>
    public static ClientCredential Credential(TenantFile.CredentialSection section, string clientId, string path, DateTime now)
    {
        if ((section.CredentialType ?? "public_key") != "public_key")
        {
            throw new TenantFileException($"{path}.credential_type: must be public_key.");
        }

        var alg = section.Alg ?? "RS256";
        if (alg is not ("RS256" or "RS384" or "PS256"))
        {
            throw new TenantFileException($"{path}.alg: must be RS256, RS384 or PS256.");
        }

        var pem = Required(section.Pem, path, "pem");
        var key = Security.PublicKeys.FromPem(pem) ?? throw new TenantFileException($"{path}.pem: not a PEM public key or certificate.");
        if (key.KeySize < 2048)
        {
            throw new TenantFileException($"{path}.pem: RSA keys need at least 2048 bits.");
        }

        var thumbprint = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            Microsoft.IdentityModel.Tokens.JsonWebKeyConverter.ConvertFromRSASecurityKey(new Microsoft.IdentityModel.Tokens.RsaSecurityKey(key.ExportParameters(false))).ComputeJwkThumbprint());
        key.Dispose();
        return new ClientCredential
        {
            Id = "cred_" + RandomValues.Hex(10),
            ClientId = clientId,
            Name = section.Name,
            Kid = section.Kid ?? thumbprint,
            Alg = alg,
            Pem = pem.Trim(),
            Thumbprint = thumbprint,
            ExpiresAt = section.ExpiresAt?.ToUniversalTime(),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Auth0's rules: rotation needs expiring tokens; lifetimes within a year; idle no longer than absolute.</summary>
    public static RefreshTokenSettings RefreshTokenSettings(TenantFile.RefreshTokenSection? section, string path)
    {
        var settings = new RefreshTokenSettings();
        if (section is null)
        {
            return settings;
        }

        settings.RotationType = section.RotationType ?? settings.RotationType;
        settings.ExpirationType = section.ExpirationType ?? (settings.RotationType == Storage.Entities.RefreshTokenSettings.Rotating
            ? Storage.Entities.RefreshTokenSettings.Expiring
            : settings.ExpirationType);
        settings.Leeway = section.Leeway ?? settings.Leeway;
        settings.TokenLifetime = section.TokenLifetime ?? settings.TokenLifetime;
        settings.InfiniteTokenLifetime = section.InfiniteTokenLifetime ?? (section.TokenLifetime is null && settings.InfiniteTokenLifetime);
        settings.IdleTokenLifetime = section.IdleTokenLifetime ?? settings.IdleTokenLifetime;
        settings.InfiniteIdleTokenLifetime = section.InfiniteIdleTokenLifetime ?? (section.IdleTokenLifetime is null && settings.InfiniteIdleTokenLifetime);

        if (settings.RotationType is not (Storage.Entities.RefreshTokenSettings.Rotating or Storage.Entities.RefreshTokenSettings.NonRotating))
        {
            throw new TenantFileException($"{path}.rotation_type: must be rotating or non-rotating.");
        }

        if (settings.ExpirationType is not (Storage.Entities.RefreshTokenSettings.Expiring or Storage.Entities.RefreshTokenSettings.NonExpiring))
        {
            throw new TenantFileException($"{path}.expiration_type: must be expiring or non-expiring.");
        }

        if (settings.IsRotating && settings.ExpirationType != Storage.Entities.RefreshTokenSettings.Expiring)
        {
            throw new TenantFileException($"{path}.expiration_type: rotating refresh tokens must be expiring.");
        }

        if (settings.Leeway is < 0 or > 3600)
        {
            throw new TenantFileException($"{path}.leeway: between 0 and 3600 seconds.");
        }

        if (settings.TokenLifetime is < 1 or > 31557600 || settings.IdleTokenLifetime is < 1 or > 31557600)
        {
            throw new TenantFileException($"{path}: lifetimes are between 1 and 31557600 seconds.");
        }

        if (!settings.InfiniteTokenLifetime && !settings.InfiniteIdleTokenLifetime && settings.IdleTokenLifetime > settings.TokenLifetime)
        {
            throw new TenantFileException($"{path}.idle_token_lifetime: must not exceed token_lifetime.");
        }

        return settings;
    }

    /// <param name="resolveClient">Finds a client id by id or by name; null when there is none.</param>
    /// <remarks>
    /// An <c>ad</c> connection's options are checked by <see cref="LdapConnectionOptions.Validate"/>; its
    /// <c>bind_password</c> is taken out of the stored options and kept encrypted (an update without one keeps the old).
    /// </remarks>
    public Connection Connection(TenantFile.ConnectionSection section, string path, Func<string, string?> resolveClient, DateTime now, Connection? existing = null)
    {
        var name = Required(section.Name, path, "name");
        if (name.Length > 128 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new TenantFileException($"{path}.name: letters, digits and '-' only, at most 128 characters.");
        }

        var strategy = section.Strategy ?? Strategies.Auth0;
        if (strategy is not (Strategies.Auth0 or Strategies.Ad))
        {
            throw new TenantFileException($"{path}.strategy: only database connections (auth0) and LDAP/Active Directory connections (ad) are supported.");
        }

        var options = section.Options is { ValueKind: JsonValueKind.Object } o ? o.GetRawText() : "{}";
        ConnectionOptions parsed;
        try
        {
            parsed = ConnectionOptions.Parse(options);
        }
        catch (JsonException e)
        {
            throw new TenantFileException($"{path}.options: {e.Message}");
        }

        if (parsed.PasswordPolicy is { } policy && !PasswordPolicy.Levels.Contains(policy))
        {
            throw new TenantFileException($"{path}.options.passwordPolicy: must be one of {string.Join(", ", PasswordPolicy.Levels)}.");
        }

        var secret = existing?.SecretProtected;
        if (strategy == Strategies.Ad)
        {
            (options, secret) = LdapOptions(options, path, secret);
        }

        var enabled = new List<string>();
        foreach (var entry in section.EnabledClients ?? [])
        {
            // Accept client ids and, as Auth0's deploy tooling writes them, client names.
            enabled.Add(resolveClient(entry) ?? throw new TenantFileException($"{path}.enabled_clients: no client '{entry}'."));
        }

        return new Connection
        {
            Id = existing?.Id ?? "con_" + RandomValues.Hex(8),
            Name = name,
            Strategy = strategy,
            EnabledClients = enabled.Distinct().ToList(),
            OptionsJson = options,
            SecretProtected = secret,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        };
    }

    /// <summary>Validates LDAP options; returns them without the bind password, and the password encrypted.</summary>
    private (string Options, string? Secret) LdapOptions(string json, string path, string? storedSecret)
    {
        var (ldap, error) = LdapConnectionOptions.Parse(json);
        var errors = error is not null ? [error] : ldap!.Validate(hasStoredPassword: storedSecret is not null);
        if (errors.Count > 0)
        {
            throw new TenantFileException(string.Join(" ", errors.Select(e => $"{path}.options.{e.Field}: {e.Message}.")));
        }

        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("bind_password");
        var secret = ldap!.BindPassword is { } password ? protector.Protect(password, SecretPurposes.LdapBindPassword)
            : ldap.BindDn is null ? null : storedSecret;
        return (node.ToJsonString(), secret);
    }

    /// <param name="resolveConnection">Finds a connection by name; null when there is none.</param>
    public User User(TenantFile.UserSection section, string path, Func<string, Connection?> resolveConnection, DateTime now)
    {
        var connectionName = Required(section.Connection, path, "connection");
        var connection = resolveConnection(connectionName)
            ?? throw new TenantFileException($"{path}.connection: no connection named '{connectionName}'.");
        var options = ConnectionOptions.Parse(connection.OptionsJson);

        if (section.Email is null && section.Username is null)
        {
            throw new TenantFileException($"{path}: an email or a username is required.");
        }

        if (section.Email is { } email && !MailAddress.TryCreate(email, out _))
        {
            throw new TenantFileException($"{path}.email: '{email}' is not a valid email address.");
        }

        if (options.RequiresUsername == true && section.Username is null)
        {
            throw new TenantFileException($"{path}.username: connection '{connectionName}' requires a username.");
        }

        string? passwordHash;
        if (connection.Strategy == Strategies.Ad)
        {
            // The directory checks the password; a profile of an LDAP connection never has one here.
            passwordHash = section.Password is null && section.PasswordHash is null
                ? null
                : throw new TenantFileException($"{path}.password: users of an LDAP connection ({connectionName}) sign in with their directory password.");
        }
        else if (section.PasswordHash is { } imported && section.Password is null)
        {
            passwordHash = Connections.Hashes.HashFormats.IsValid(imported)
                ? imported
                : throw new TenantFileException($"{path}.password_hash: not a password hash Authgate can verify (Argon2, bcrypt $2a$/$2b$/$2y$, PBKDF2, or RFC 2307 {{SSHA}}...).");
        }
        else
        {
            var password = Required(section.Password, path, "password");
            if (PasswordPolicy.Check(password, options) is { } weak)
            {
                throw new TenantFileException($"{path}.password: {weak}");
            }

            passwordHash = hashing.Hash(password);
        }

        if (section.UserId is { } given && (given.Length > 255 || given.Any(char.IsWhiteSpace) || given.Any(char.IsControl)))
        {
            // Auth0: user_id matches ^\S*$, at most 255 characters.
            throw new TenantFileException($"{path}.user_id: String does not match pattern ^\\S*$ or is longer than 255 characters.");
        }

        var prefix = connection.Strategy == Strategies.Ad ? "ad|" : "auth0|";
        var userId = section.UserId is { Length: > 0 } id ? (id.StartsWith(prefix, StringComparison.Ordinal) ? id : prefix + id) : prefix + RandomValues.Hex(12);
        var name = section.Name ?? UserProfileDefaults.Name(section.Email, section.Username);
        return new User
        {
            UserId = userId,
            ConnectionId = connection.Id,
            Email = section.Email,
            NormalizedEmail = section.Email is null ? null : LoginNames.Normalize(section.Email),
            Username = section.Username,
            NormalizedUsername = section.Username is null ? null : LoginNames.Normalize(section.Username),
            EmailVerified = section.EmailVerified ?? false,
            Name = name,
            GivenName = section.GivenName,
            FamilyName = section.FamilyName,
            Nickname = section.Nickname ?? UserProfileDefaults.Nickname(section.Email, section.Username),
            Picture = section.Picture ?? UserProfileDefaults.Picture(section.Email, name),
            Blocked = section.Blocked ?? false,
            AppMetadataJson = section.AppMetadata is { ValueKind: JsonValueKind.Object } app ? app.GetRawText() : "{}",
            UserMetadataJson = section.UserMetadata is { ValueKind: JsonValueKind.Object } meta ? meta.GetRawText() : "{}",
            PasswordHash = passwordHash,
            PasswordChangedAt = passwordHash is null ? null : now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public static string ScopeValue(string? value, string path)
    {
        var scope = Required(value, path, "");
        if (scope.Length > 280 || scope.Any(c => c <= ' ' || c == '"' || c == '\\' || c > '~'))
        {
            throw new TenantFileException($"{path}: '{scope}' is not a valid scope (printable ASCII, no spaces, quotes or backslashes).");
        }

        return scope;
    }

    public static string Required(string? value, string path, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new TenantFileException($"{path}{(field.Length > 0 ? "." + field : "")}: required.")
            : value;

    public static void Unique(IEnumerable<string> values, string path, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Where(v => !seen.Add(v)))
        {
            throw new TenantFileException($"{path}: duplicate {field} '{value}'.");
        }
    }
}

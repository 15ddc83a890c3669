using System.Net.Mail;
using System.Text.Json;
using Authgate.Connections;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tenants;

/// <summary>
/// Applies a <see cref="TenantFile"/> to an empty database in one transaction: everything is validated first and
/// any problem is a <see cref="TenantFileException"/> naming the field, with nothing written.
/// </summary>
internal sealed class TenantSeeder(AuthDbContext db, SecretProtector protector, PasswordHashing hashing, TimeProvider time)
{
    public const int MinimumSecretLength = 32;

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken) =>
        !await db.TenantSettings.AnyAsync(cancellationToken);

    public async Task ApplyAsync(TenantFile file, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var apis = file.ResourceServers.Select((r, i) => ResourceServer(r, $"resourceServers[{i}]", now)).ToList();
        Unique(apis.Select(a => a.Identifier), "resourceServers", "identifier");

        var clients = file.Clients.Select((c, i) => Client(c, $"clients[{i}]", now)).ToList();
        Unique(clients.Select(c => c.ClientId), "clients", "client_id");

        var connections = file.Connections.Select((c, i) => Connection(c, $"connections[{i}]", clients, now)).ToList();
        Unique(connections.Select(c => c.Name), "connections", "name");

        var users = file.Users.Select((u, i) => User(u, $"users[{i}]", connections, now)).ToList();
        Unique(users.Where(u => u.NormalizedEmail is not null).Select(u => u.ConnectionId + "/" + u.NormalizedEmail), "users", "email");
        Unique(users.Where(u => u.NormalizedUsername is not null).Select(u => u.ConnectionId + "/" + u.NormalizedUsername), "users", "username");

        var tenant = new TenantSettings
        {
            FriendlyName = file.Tenant?.FriendlyName ?? "Authgate",
            DefaultDirectory = file.Tenant?.DefaultDirectory,
            DefaultAudience = file.Tenant?.DefaultAudience,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (tenant.DefaultDirectory is { } directory && connections.All(c => c.Name != directory))
        {
            throw new TenantFileException($"tenant.default_directory: no connection named '{directory}' in the file.");
        }

        if (tenant.DefaultAudience is { } audience && apis.All(a => a.Identifier != audience))
        {
            throw new TenantFileException($"tenant.default_audience: no resource server with identifier '{audience}' in the file.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TenantSettings.Add(tenant);
        db.ResourceServers.AddRange(apis);
        db.Clients.AddRange(clients);
        db.Connections.AddRange(connections);
        db.Users.AddRange(users);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private ResourceServer ResourceServer(TenantFile.ResourceServerSection section, string path, DateTime now)
    {
        var identifier = Required(section.Identifier, path, "identifier");
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

        var scopes = (section.Scopes ?? []).Select((s, i) => new ResourceServerScope
        {
            Value = ScopeValue(s.Value, $"{path}.scopes[{i}].value"),
            Description = s.Description,
        }).ToList();
        Unique(scopes.Select(s => s.Value), $"{path}.scopes", "value");

        return new ResourceServer
        {
            Id = RandomValues.Hex(12),
            Identifier = identifier,
            Name = section.Name ?? identifier,
            Scopes = scopes,
            SigningAlg = alg,
            SigningSecretProtected = protector.Protect(secret ?? RandomValues.Secret(), SecretPurposes.ApiSigningSecret),
            TokenLifetimeSeconds = lifetime,
            AllowOfflineAccess = section.AllowOfflineAccess ?? false,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private Client Client(TenantFile.ClientSection section, string path, DateTime now)
    {
        var name = Required(section.Name, path, "name");
        var appType = section.AppType ?? AppTypes.RegularWeb;
        if (!AppTypes.All.Contains(appType))
        {
            throw new TenantFileException($"{path}.app_type: must be one of {string.Join(", ", AppTypes.All)}.");
        }

        var isPublic = appType is AppTypes.Spa or AppTypes.Native;
        var method = section.TokenEndpointAuthMethod ?? (isPublic ? ClientAuthMethods.None : ClientAuthMethods.ClientSecretPost);
        if (!ClientAuthMethods.All.Contains(method))
        {
            throw new TenantFileException($"{path}.token_endpoint_auth_method: must be one of {string.Join(", ", ClientAuthMethods.All)}.");
        }

        var grants = section.GrantTypes ?? (isPublic
            ? [GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.RefreshToken]
            : [GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.RefreshToken, GrantTypes.ClientCredentials]);
        foreach (var grant in grants.Where(g => !GrantTypes.Known.Contains(g)))
        {
            throw new TenantFileException($"{path}.grant_types: unknown grant type '{grant}'.");
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

        var secret = section.ClientSecret ?? RandomValues.Secret();
        if (secret.Length < MinimumSecretLength)
        {
            throw new TenantFileException($"{path}.client_secret: must be at least {MinimumSecretLength} characters.");
        }

        var clientId = section.ClientId ?? RandomValues.ClientId();
        if (clientId.Length is < 1 or > 64 || clientId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')))
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
            ClientSecretProtected = protector.Protect(secret, SecretPurposes.ClientSecret),
            JwtAlg = alg,
            IdTokenLifetimeSeconds = section.JwtConfiguration?.LifetimeInSeconds ?? 36000,
            IsTokenEndpointIpHeaderTrusted = section.IsTokenEndpointIpHeaderTrusted ?? false,
            RefreshToken = RefreshTokenSettings(section.RefreshToken, $"{path}.refresh_token"),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Auth0's rules: rotation needs expiring tokens; lifetimes within a year; idle no longer than absolute.</summary>
    private static RefreshTokenSettings RefreshTokenSettings(TenantFile.RefreshTokenSection? section, string path)
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

    private static Connection Connection(TenantFile.ConnectionSection section, string path, List<Client> clients, DateTime now)
    {
        var name = Required(section.Name, path, "name");
        if (name.Length > 128 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new TenantFileException($"{path}.name: letters, digits and '-' only, at most 128 characters.");
        }

        if ((section.Strategy ?? Strategies.Auth0) != Strategies.Auth0)
        {
            throw new TenantFileException($"{path}.strategy: only database connections (auth0) are supported.");
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

        var enabled = new List<string>();
        foreach (var entry in section.EnabledClients ?? [])
        {
            // Accept client ids and, as Auth0's deploy tooling writes them, client names.
            var client = clients.FirstOrDefault(c => c.ClientId == entry) ?? clients.FirstOrDefault(c => c.Name == entry);
            enabled.Add(client?.ClientId ?? throw new TenantFileException($"{path}.enabled_clients: no client '{entry}' in the file."));
        }

        return new Connection
        {
            Id = "con_" + RandomValues.Hex(8),
            Name = name,
            EnabledClients = enabled.Distinct().ToList(),
            OptionsJson = options,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private User User(TenantFile.UserSection section, string path, List<Connection> connections, DateTime now)
    {
        var connectionName = Required(section.Connection, path, "connection");
        var connection = connections.FirstOrDefault(c => c.Name == connectionName)
            ?? throw new TenantFileException($"{path}.connection: no connection named '{connectionName}' in the file.");
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

        var password = Required(section.Password, path, "password");
        if (PasswordPolicy.Check(password, options) is { } weak)
        {
            throw new TenantFileException($"{path}.password: {weak}");
        }

        var userId = section.UserId is { } id ? (id.StartsWith("auth0|", StringComparison.Ordinal) ? id : "auth0|" + id) : "auth0|" + RandomValues.Hex(12);
        var name = section.Name ?? UserProfileDefaults.Name(section.Email, section.Username);
        return new User
        {
            UserId = userId,
            ConnectionId = connection.Id,
            Email = section.Email,
            NormalizedEmail = section.Email is null ? null : DatabaseConnection.Normalize(section.Email),
            Username = section.Username,
            NormalizedUsername = section.Username is null ? null : DatabaseConnection.Normalize(section.Username),
            EmailVerified = section.EmailVerified ?? false,
            Name = name,
            GivenName = section.GivenName,
            FamilyName = section.FamilyName,
            Nickname = section.Nickname ?? UserProfileDefaults.Nickname(section.Email, section.Username),
            Picture = section.Picture ?? UserProfileDefaults.Picture(section.Email, name),
            Blocked = section.Blocked ?? false,
            AppMetadataJson = section.AppMetadata is { ValueKind: JsonValueKind.Object } app ? app.GetRawText() : "{}",
            UserMetadataJson = section.UserMetadata is { ValueKind: JsonValueKind.Object } meta ? meta.GetRawText() : "{}",
            PasswordHash = hashing.Hash(password),
            PasswordChangedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static string ScopeValue(string? value, string path)
    {
        var scope = Required(value, path, "");
        if (scope.Length > 280 || scope.Any(c => c <= ' ' || c == '"' || c == '\\' || c > '~'))
        {
            throw new TenantFileException($"{path}: '{scope}' is not a valid scope (printable ASCII, no spaces, quotes or backslashes).");
        }

        return scope;
    }

    private static string Required(string? value, string path, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new TenantFileException($"{path}{(field.Length > 0 ? "." + field : "")}: required.")
            : value;

    private static void Unique(IEnumerable<string> values, string path, string field)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Where(v => !seen.Add(v)))
        {
            throw new TenantFileException($"{path}: duplicate {field} '{value}'.");
        }
    }
}

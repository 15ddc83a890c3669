using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Clients;

/// <summary>
/// Applications (clients) and their <c>private_key_jwt</c> credentials: validate, create, change, rotate, delete and
/// read them, for the Management API, the CLI and tenant files alike.
/// </summary>
internal sealed class ClientService(AuthDbContext db, SecretProtector protector, TimeProvider time)
{
    /// <summary>Authgate refuses shorter secrets: HS256 ID tokens are signed with the secret.</summary>
    public const int MinimumSecretLength = 32;

    public static AdminError NotFound() => AdminError.NotFound("The client does not exist", "inexistent_client");

    public async Task<AdminResult<ListPage>> ListAsync(ListQuery query, ClientFilter filter, bool includeSecrets, CancellationToken cancellationToken)
    {
        var rows = db.Clients.AsNoTracking();
        if (filter.AppTypes.Count > 0)
        {
            rows = rows.Where(c => filter.AppTypes.Contains(c.AppType));
        }

        if (filter.IsFirstParty is { } firstParty)
        {
            rows = rows.Where(c => c.IsFirstParty == firstParty);
        }

        if (filter.IsGlobal == true)
        {
            // Authgate has no global "All Applications" client.
            rows = rows.Where(_ => false);
        }

        return await ListReader.ReadAsync(rows, query, q => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.ClientId), c => c.ClientId,
            async page => await ViewsAsync(page, includeSecrets, cancellationToken), cancellationToken);
    }

    public async Task<AdminResult<JsonObject>> GetAsync(string id, bool includeSecret, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == id, cancellationToken);
        return client is null ? NotFound() : (await ViewsAsync([client], includeSecret, cancellationToken))[0];
    }

    /// <summary>Validates a <c>POST</c> body (or, with <paramref name="import"/>, a tenant-file client) and builds the rows, without saving.</summary>
    public AdminResult<PreparedClient> Prepare(JsonNode? body, bool import = false)
    {
        if (!AdminBody.Validate(import ? ClientSchema.Import : ClientSchema.Create, body).TryGet(out var state, out var error))
        {
            return error;
        }

        if (import && state.Bool("cross_origin_auth") is { } legacy)
        {
            // Auth0's exports still carry the old name of cross_origin_authentication.
            state.Remove("cross_origin_auth");
            state["cross_origin_authentication"] ??= legacy;
        }

        var methods = state.Obj("client_authentication_methods");
        if (methods?["tls_client_auth"] is not null || methods?["self_signed_tls_client_auth"] is not null)
        {
            return MutualTlsUnsupported();
        }

        var errors = Rules(state);
        if (state.String("client_id") is { } chosen && chosen.All(c => c == '.'))
        {
            // Only dots would be a path dot-segment: /api/v2/clients/.. could never reach the client.
            errors.Add(FieldError.At("client_id", $"A client id cannot be only dots: {chosen}"));
        }

        var secret = state.String("client_secret") ?? RandomValues.Secret();
        var now = time.GetUtcNow().UtcDateTime;
        var client = new Client
        {
            ClientId = state.String("client_id") ?? RandomValues.ClientId(),
            Name = "",
            ClientSecretProtected = protector.Protect(secret, SecretPurposes.ClientSecret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var credentials = new List<ClientCredential>();
        var keys = (methods?.Obj("private_key_jwt")?["credentials"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            var path = $"client_authentication_methods.private_key_jwt.credentials[{i}]";
            if (!ClientKeys.Create(keys[i], client.ClientId, path, now).TryGet(out var credential, out var keyError))
            {
                return keyError;
            }

            credentials.Add(credential);
        }

        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors);
        }

        ClientRecord.Store(state, client, usesKeys: credentials.Count > 0);
        if ((PublicClientRules(client) ?? EncodedSecretRule(client, secret)) is { } storeError)
        {
            return AdminError.Invalid(storeError);
        }

        return new PreparedClient(client, credentials, secret);
    }

    public async Task<AdminResult<JsonObject>> CreateAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        if (!Prepare(body).TryGet(out var prepared, out var error))
        {
            return error;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Clients.Add(prepared.Client);
        db.ClientCredentials.AddRange(prepared.Credentials);
        await db.SaveChangesAsync(cancellationToken);
        if (await EnablesNewClientsAsync(cancellationToken))
        {
            // The tenant flag enable_client_connections: a new application may use every connection at once.
            foreach (var connection in await db.Connections.AsTracking().ToListAsync(cancellationToken))
            {
                connection.EnabledClients = [.. connection.EnabledClients, prepared.Client.ClientId];
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ClientRecord.View(prepared.Client, prepared.Credentials, prepared.Secret);
    }

    public async Task<AdminResult<JsonObject>> UpdateAsync(string id, JsonNode? patch, bool includeSecret, CancellationToken cancellationToken)
    {
        if (!AdminBody.Validate(ClientSchema.Update, patch).TryGet(out var changes, out var error))
        {
            return error;
        }

        var client = await db.Clients.AsTracking().FirstOrDefaultAsync(c => c.ClientId == id, cancellationToken);
        if (client is null)
        {
            return NotFound();
        }

        var credentials = await db.ClientCredentials.AsNoTracking().Where(c => c.ClientId == id).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var usesKeys = client.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt;
        if (changes.ContainsKey("client_authentication_methods"))
        {
            var methods = changes.Obj("client_authentication_methods");
            if (methods?["tls_client_auth"] is not null || methods?["self_signed_tls_client_auth"] is not null)
            {
                return MutualTlsUnsupported();
            }

            var ids = (methods?.Obj("private_key_jwt")?["credentials"] as JsonArray ?? []).OfType<JsonObject>().Select(c => c.String("id")).ToList();
            if (ids.FirstOrDefault(i => credentials.All(c => c.Id != i)) is { } unknown)
            {
                return AdminError.Invalid(FieldError.At("client_authentication_methods.private_key_jwt.credentials", $"Credential {unknown} does not exist for this client"));
            }

            usesKeys = ids.Count > 0;
        }
        else if (changes.ContainsKey("token_endpoint_auth_method") && changes["token_endpoint_auth_method"] is not null)
        {
            usesKeys = false;
        }

        var state = ClientRecord.State(client);
        AdminJson.ApplyPatch(state, changes);
        var errors = Rules(state);
        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors);
        }

        ClientRecord.Store(state, client, usesKeys);
        var newSecret = changes.String("client_secret");
        if ((PublicClientRules(client) ?? EncodedSecretRule(client, newSecret ?? ClientRecord.Secret(client, protector))) is { } storeError)
        {
            return AdminError.Invalid(storeError);
        }

        if (newSecret is not null)
        {
            client.ClientSecretProtected = protector.Protect(newSecret, SecretPurposes.ClientSecret);
        }

        client.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ClientRecord.View(client, usesKeys ? credentials : [], includeSecret || newSecret is not null ? ClientRecord.Secret(client, protector) : null);
    }

    public async Task<AdminError?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Clients.Where(c => c.ClientId == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }

        await db.RefreshTokens.Where(t => t.ClientId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ClientGrants.Where(g => g.ClientId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ClientCredentials.Where(c => c.ClientId == id).ExecuteDeleteAsync(cancellationToken);
        foreach (var connection in await db.Connections.AsTracking().Where(c => c.EnabledClients.Contains(id)).ToListAsync(cancellationToken))
        {
            connection.EnabledClients = connection.EnabledClients.Where(c => c != id).ToList();
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary><c>POST /clients/{id}/rotate-secret</c>: a new secret; the old one stops working at once.</summary>
    public async Task<AdminResult<JsonObject>> RotateSecretAsync(string id, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsTracking().FirstOrDefaultAsync(c => c.ClientId == id, cancellationToken);
        if (client is null)
        {
            return NotFound();
        }

        var secret = RandomValues.Secret();
        client.ClientSecretProtected = protector.Protect(secret, SecretPurposes.ClientSecret);
        client.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        var credentials = await CredentialsAsync([client], cancellationToken);
        return ClientRecord.View(client, credentials.GetValueOrDefault(client.ClientId) ?? [], secret);
    }

    public async Task<AdminResult<JsonArray>> ListCredentialsAsync(string id, CancellationToken cancellationToken)
    {
        if (!await db.Clients.AnyAsync(c => c.ClientId == id, cancellationToken))
        {
            return NotFound();
        }

        var credentials = await db.ClientCredentials.AsNoTracking().Where(c => c.ClientId == id).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        return new JsonArray(credentials.Select(c => (JsonNode)ClientKeys.View(c)).ToArray());
    }

    public async Task<AdminResult<JsonObject>> GetCredentialAsync(string id, string credentialId, CancellationToken cancellationToken)
    {
        var credential = await db.ClientCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == id && c.Id == credentialId, cancellationToken);
        return credential is null ? ClientKeys.NotFound() : ClientKeys.View(credential);
    }

    public async Task<AdminResult<JsonObject>> CreateCredentialAsync(string id, JsonNode? body, CancellationToken cancellationToken)
    {
        if (!AdminBody.Validate(ClientSchema.PublicKeyCredential, body).TryGet(out var section, out var error))
        {
            return error;
        }

        if (!await db.Clients.AnyAsync(c => c.ClientId == id, cancellationToken))
        {
            return NotFound();
        }

        if (!ClientKeys.Create(section, id, "", time.GetUtcNow().UtcDateTime).TryGet(out var credential, out error))
        {
            return error;
        }

        db.ClientCredentials.Add(credential);
        await db.SaveChangesAsync(cancellationToken);
        return ClientKeys.View(credential);
    }

    /// <summary><c>PATCH /clients/{id}/credentials/{credential_id}</c>: only the expiry can change.</summary>
    public async Task<AdminResult<JsonObject>> UpdateCredentialAsync(string id, string credentialId, JsonNode? body, CancellationToken cancellationToken)
    {
        var schema = Schema.Closed(new() { { "expires_at", Schema.String().Formatted(SchemaFormats.DateTime).OrNull() } });
        if (!AdminBody.Validate(schema, body).TryGet(out var changes, out var error))
        {
            return error;
        }

        var credential = await db.ClientCredentials.AsTracking().FirstOrDefaultAsync(c => c.ClientId == id && c.Id == credentialId, cancellationToken);
        if (credential is null)
        {
            return ClientKeys.NotFound();
        }

        if (changes.ContainsKey("expires_at"))
        {
            credential.ExpiresAt = changes.String("expires_at") is { } expires
                ? DateTimeOffset.Parse(expires, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime
                : null;
            credential.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }

        return ClientKeys.View(credential);
    }

    public async Task<AdminError?> DeleteCredentialAsync(string id, string credentialId, CancellationToken cancellationToken) =>
        await db.ClientCredentials.Where(c => c.ClientId == id && c.Id == credentialId).ExecuteDeleteAsync(cancellationToken) == 0
            ? ClientKeys.NotFound()
            : null;

    /// <summary>Read models of clients, with their credentials; secrets only when <paramref name="includeSecrets"/>.</summary>
    public async Task<List<JsonObject>> ViewsAsync(List<Client> clients, bool includeSecrets, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsAsync(clients, cancellationToken);
        return clients.Select(c => ClientRecord.View(c, credentials.GetValueOrDefault(c.ClientId) ?? [], includeSecrets ? ClientRecord.Secret(c, protector) : null)).ToList();
    }

    private async Task<Dictionary<string, List<ClientCredential>>> CredentialsAsync(List<Client> clients, CancellationToken cancellationToken)
    {
        var ids = clients.Where(c => c.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt).Select(c => c.ClientId).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.ClientCredentials.AsNoTracking().Where(c => ids.Contains(c.ClientId)).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        return rows.GroupBy(c => c.ClientId).ToDictionary(g => g.Key, g => g.ToList());
    }

    private async Task<bool> EnablesNewClientsAsync(CancellationToken cancellationToken)
    {
        var tenant = await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return Tenant.TenantSettingsRecord.Flag(tenant, "enable_client_connections");
    }

    private static AdminError MutualTlsUnsupported() =>
        AdminError.BadRequest("Authgate does not support mTLS client authentication (tls_client_auth, self_signed_tls_client_auth).", "operation_not_supported");

    /// <summary>Checks across fields, on the state a write would leave.</summary>
    private static List<FieldError> Rules(JsonObject state)
    {
        var errors = new List<FieldError>();
        foreach (var grant in state.Strings("grant_types") ?? [])
        {
            if (!GrantTypes.Known.Contains(grant))
            {
                errors.Add(FieldError.At("grant_types", $"Invalid grant type: {grant}"));
            }
        }

        if (state.String("client_secret") is { Length: < MinimumSecretLength } secret)
        {
            errors.Add(FieldError.At("client_secret", $"String is too short ({secret.Length} chars), minimum {MinimumSecretLength}"));
        }

        if (state.Obj("refresh_token") is { } refresh && ClientRecord.RefreshToken(refresh) is { } settings)
        {
            if (settings.IsRotating && settings.ExpirationType != RefreshTokenSettings.Expiring)
            {
                errors.Add(FieldError.At("refresh_token", "Rotating refresh tokens must be expiring (expiration_type: expiring)"));
            }

            if (!settings.InfiniteTokenLifetime && !settings.InfiniteIdleTokenLifetime && settings.IdleTokenLifetime > settings.TokenLifetime)
            {
                errors.Add(FieldError.At("refresh_token.idle_token_lifetime", "The idle lifetime must not exceed token_lifetime"));
            }
        }

        return errors;
    }

    /// <summary>With <c>secret_encoded</c>, HS256 ID tokens are signed with the decoded secret, which must be base64url of 32 bytes or more.</summary>
    private static FieldError? EncodedSecretRule(Client client, string secret)
    {
        if (!client.JwtSecretEncoded)
        {
            return null;
        }

        var valid = secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && secret.Length % 4 != 1
            && Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(secret).Length >= 32;
        return valid ? null : FieldError.At("jwt_configuration.secret_encoded", "The client secret is not base64url of at least 32 bytes");
    }

    private static FieldError? PublicClientRules(Client client) =>
        client.TokenEndpointAuthMethod == ClientAuthMethods.None && client.GrantTypes.Contains(GrantTypes.ClientCredentials)
            ? FieldError.At("grant_types", "A public client (token_endpoint_auth_method none) cannot use client_credentials")
            : null;
}

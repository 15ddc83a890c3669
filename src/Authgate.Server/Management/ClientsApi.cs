using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/clients</c>: applications, their secrets and their <c>private_key_jwt</c> credentials.</summary>
internal static class ClientsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/clients", ListAsync).Scopes("read:clients", "read:client_keys");
        api.MapGet("/clients/{id}", GetAsync).Scopes("read:clients", "read:client_keys");
        api.MapPost("/clients", CreateAsync).Scopes("create:clients").Audited("Create a client");
        api.MapPatch("/clients/{id}", UpdateAsync).Scopes("update:clients", "update:client_keys").Audited("Update a client");
        api.MapDelete("/clients/{id}", DeleteAsync).Scopes("delete:clients").Audited("Delete a client");
        api.MapPost("/clients/{id}/rotate-secret", RotateSecretAsync).Scopes("update:client_keys").Audited("Rotate a client secret");
        api.MapGet("/clients/{id}/credentials", ListCredentialsAsync).Scopes("read:client_credentials");
        api.MapGet("/clients/{id}/credentials/{credentialId}", GetCredentialAsync).Scopes("read:client_credentials");
        api.MapPost("/clients/{id}/credentials", CreateCredentialAsync).Scopes("create:client_credentials").Audited("Create a client credential");
        api.MapDelete("/clients/{id}/credentials/{credentialId}", DeleteCredentialAsync).Scopes("delete:client_credentials").Audited("Delete a client credential");
    }

    private static ManagementError ClientNotFound() => ManagementError.NotFound("The client does not exist", "inexistent_client");

    private static async Task<IResult> ListAsync(HttpContext http, AuthDbContext db, TenantExport export)
    {
        var (paging, error) = Paging.From(http.Request);
        if (paging is null)
        {
            return ManagementResults.Error(error!);
        }

        var query = db.Clients.AsQueryable();
        if (http.Request.Query["app_type"].ToString() is { Length: > 0 } appType)
        {
            var types = appType.Split(',');
            query = query.Where(c => types.Contains(c.AppType));
        }

        var total = await query.CountAsync(http.RequestAborted);
        var clients = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.ClientId).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(http.RequestAborted);
        var caller = ManagementCaller.Of(http);
        var views = new List<JsonObject>();
        foreach (var client in clients)
        {
            views.Add(await ViewAsync(db, export, client, caller.Has("read:client_keys"), http.RequestAborted));
        }

        return ManagementResults.Page(views, total, paging, "clients");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, AuthDbContext db, TenantExport export)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.ClientId == id, http.RequestAborted);
        return client is null
            ? ManagementResults.Error(ClientNotFound())
            : ManagementResults.Json(await ViewAsync(db, export, client, ManagementCaller.Of(http).Has("read:client_keys"), http.RequestAborted));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AuthDbContext db, TenantObjects objects, TenantExport export, TimeProvider time)
    {
        var (section, error) = await ManagementBody.ReadAsync<TenantFile.ClientSection>(http);
        if (section is null)
        {
            return ManagementResults.Error(error!);
        }

        var now = time.GetUtcNow().UtcDateTime;
        Client client;
        List<ClientCredential> credentials;
        try
        {
            client = objects.Client(section, "client", now);
            credentials = TenantObjects.Credentials(section, client.ClientId, "client", now);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }

        if (await db.Clients.AnyAsync(c => c.ClientId == client.ClientId, http.RequestAborted))
        {
            return ManagementResults.Error(ManagementError.Conflict("A client with this client_id already exists.", "client_conflict"));
        }

        db.Clients.Add(client);
        db.ClientCredentials.AddRange(credentials);
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(await ViewAsync(db, export, client, includeSecret: true, http.RequestAborted), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, AuthDbContext db, TenantObjects objects, TenantExport export, TimeProvider time)
    {
        var existing = await db.Clients.FirstOrDefaultAsync(c => c.ClientId == id, http.RequestAborted);
        if (existing is null)
        {
            return ManagementResults.Error(ClientNotFound());
        }

        var (patch, error) = await ManagementBody.ReadObjectAsync(http);
        if (patch is null)
        {
            return ManagementResults.Error(error!);
        }

        if (patch.ContainsKey("client_id"))
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: 'client_id' cannot be changed."));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var current = JsonSerializer.SerializeToNode(export.Client(existing, includeSecret: false), ManagementJson.Output)!.AsObject();
        var keys = patch["client_authentication_methods"];
        patch.Remove("client_authentication_methods");
        var (merged, mergeError) = Merge<TenantFile.ClientSection>(current, patch);
        if (merged is null)
        {
            return ManagementResults.Error(mergeError!);
        }

        Client updated;
        var added = new List<ClientCredential>();
        try
        {
            updated = objects.Client(merged, "client", now, existing);
            if (keys is not null)
            {
                var methods = keys.Deserialize<TenantFile.ClientAuthenticationMethodsSection>(ManagementJson.Strict);
                var ids = new List<string>();
                foreach (var credential in methods?.PrivateKeyJwt?.Credentials ?? [])
                {
                    if (credential.Id is { } credentialId && credential.Pem is null)
                    {
                        ids.Add(credentialId);
                    }
                    else
                    {
                        added.Add(TenantObjects.Credential(credential, id, "client.client_authentication_methods.private_key_jwt.credentials", now));
                    }
                }

                var known = await db.ClientCredentials.Where(c => c.ClientId == id && ids.Contains(c.Id)).CountAsync(http.RequestAborted);
                if (known != ids.Count)
                {
                    return ManagementResults.Error(ManagementError.BadBody("Payload validation error: unknown credential id."));
                }

                if (ids.Count + added.Count > 0)
                {
                    updated.TokenEndpointAuthMethod = ClientAuthMethods.PrivateKeyJwt;
                }
            }
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }
        catch (JsonException e)
        {
            return ManagementResults.Error(ManagementBody.Describe(e));
        }

        updated.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        db.Clients.Update(updated);
        db.ClientCredentials.AddRange(added);
        await db.SaveChangesAsync(http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        return ManagementResults.Json(await ViewAsync(db, export, updated, ManagementCaller.Of(http).Has("read:client_keys") || patch.ContainsKey("client_secret"), http.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, AuthDbContext db)
    {
        var cancellationToken = http.RequestAborted;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Clients.Where(c => c.ClientId == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return ManagementResults.Error(ClientNotFound());
        }

        await db.RefreshTokens.Where(t => t.ClientId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ClientGrants.Where(g => g.ClientId == id).ExecuteDeleteAsync(cancellationToken);
        await db.ClientCredentials.Where(c => c.ClientId == id).ExecuteDeleteAsync(cancellationToken);
        foreach (var connection in await db.Connections.AsTracking().ToListAsync(cancellationToken))
        {
            connection.EnabledClients.Remove(id);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ManagementResults.NoContent();
    }

    private static async Task<IResult> RotateSecretAsync(string id, HttpContext http, AuthDbContext db, TenantExport export, Security.SecretProtector protector, TimeProvider time)
    {
        var client = await db.Clients.AsTracking().FirstOrDefaultAsync(c => c.ClientId == id, http.RequestAborted);
        if (client is null)
        {
            return ManagementResults.Error(ClientNotFound());
        }

        client.ClientSecretProtected = protector.Protect(Security.RandomValues.Secret(), Security.SecretPurposes.ClientSecret);
        client.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(await ViewAsync(db, export, client, includeSecret: true, http.RequestAborted));
    }

    private static async Task<IResult> ListCredentialsAsync(string id, HttpContext http, AuthDbContext db)
    {
        if (!await db.Clients.AnyAsync(c => c.ClientId == id, http.RequestAborted))
        {
            return ManagementResults.Error(ClientNotFound());
        }

        var credentials = await db.ClientCredentials.Where(c => c.ClientId == id).OrderBy(c => c.CreatedAt).ToListAsync(http.RequestAborted);
        return ManagementResults.Json(credentials.Select(CredentialView).ToList());
    }

    private static async Task<IResult> GetCredentialAsync(string id, string credentialId, HttpContext http, AuthDbContext db)
    {
        var credential = await db.ClientCredentials.FirstOrDefaultAsync(c => c.ClientId == id && c.Id == credentialId, http.RequestAborted);
        return credential is null
            ? ManagementResults.Error(ManagementError.NotFound("The credential does not exist", "inexistent_client_credential"))
            : ManagementResults.Json(CredentialView(credential));
    }

    private static async Task<IResult> CreateCredentialAsync(string id, HttpContext http, AuthDbContext db, TimeProvider time)
    {
        if (!await db.Clients.AnyAsync(c => c.ClientId == id, http.RequestAborted))
        {
            return ManagementResults.Error(ClientNotFound());
        }

        var (section, error) = await ManagementBody.ReadAsync<TenantFile.CredentialSection>(http);
        if (section is null)
        {
            return ManagementResults.Error(error!);
        }

        try
        {
            var credential = TenantObjects.Credential(section with { Id = null }, id, "credential", time.GetUtcNow().UtcDateTime);
            db.ClientCredentials.Add(credential);
            await db.SaveChangesAsync(http.RequestAborted);
            return ManagementResults.Json(CredentialView(credential), 201);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }
    }

    private static async Task<IResult> DeleteCredentialAsync(string id, string credentialId, HttpContext http, AuthDbContext db)
    {
        var deleted = await db.ClientCredentials.Where(c => c.ClientId == id && c.Id == credentialId).ExecuteDeleteAsync(http.RequestAborted);
        return deleted == 0
            ? ManagementResults.Error(ManagementError.NotFound("The credential does not exist", "inexistent_client_credential"))
            : ManagementResults.NoContent();
    }

    /// <summary>Overlays <paramref name="patch"/>'s top-level fields on <paramref name="current"/> and validates the result strictly.</summary>
    public static (T? Value, ManagementError? Error) Merge<T>(JsonObject current, JsonObject patch) where T : class
    {
        foreach (var (name, value) in patch.ToList())
        {
            patch.Remove(name);
            current[name] = value;
        }

        try
        {
            return (current.Deserialize<T>(ManagementJson.Strict), null);
        }
        catch (JsonException e)
        {
            return (null, ManagementBody.Describe(e));
        }
    }

    private static async Task<JsonObject> ViewAsync(AuthDbContext db, TenantExport export, Client client, bool includeSecret, CancellationToken cancellationToken)
    {
        var credentials = client.TokenEndpointAuthMethod == ClientAuthMethods.PrivateKeyJwt
            ? await db.ClientCredentials.Where(c => c.ClientId == client.ClientId).ToListAsync(cancellationToken)
            : [];
        var view = JsonSerializer.SerializeToNode(export.Client(client, includeSecret), ManagementJson.Output)!.AsObject();
        if (credentials.Count > 0)
        {
            view["client_authentication_methods"] = new JsonObject
            {
                ["private_key_jwt"] = new JsonObject { ["credentials"] = new JsonArray(credentials.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id }).ToArray()) },
            };
            view["token_endpoint_auth_method"] = null;
        }

        view["jwt_configuration"]!["secret_encoded"] = false;
        view["global"] = false;
        view["is_first_party"] ??= true;
        return view;
    }

    private static JsonObject CredentialView(ClientCredential credential) => new()
    {
        ["id"] = credential.Id,
        ["credential_type"] = credential.CredentialType,
        ["name"] = credential.Name,
        ["kid"] = credential.Kid,
        ["alg"] = credential.Alg,
        ["thumbprint_sha256"] = credential.Thumbprint,
        ["created_at"] = ManagementResults.Iso(credential.CreatedAt),
        ["updated_at"] = ManagementResults.Iso(credential.UpdatedAt),
        ["expires_at"] = credential.ExpiresAt is { } expires ? ManagementResults.Iso(expires) : null,
    };
}

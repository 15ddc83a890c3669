using Authgate.Admin.Clients;

namespace Authgate.Management;

/// <summary><c>/api/v2/clients</c>: applications, their secrets and their <c>private_key_jwt</c> credentials, through <see cref="ClientService"/>.</summary>
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
        api.MapPatch("/clients/{id}/credentials/{credentialId}", UpdateCredentialAsync).Scopes("update:client_credentials").Audited("Update a client credential");
        api.MapDelete("/clients/{id}/credentials/{credentialId}", DeleteCredentialAsync).Scopes("delete:client_credentials").Audited("Delete a client credential");
    }

    /// <summary>Secrets are shown only to callers that may read client keys, as at Auth0.</summary>
    private static bool SeesSecrets(HttpContext http) => ManagementCaller.Of(http).Has("read:client_keys");

    private static async Task<IResult> ListAsync(HttpContext http, ClientService service)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        var request = http.Request;
        var filter = new ClientFilter(
            (ManagementQuery.Value(request, "app_type") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            bool.TryParse(ManagementQuery.Value(request, "is_first_party"), out var firstParty) ? firstParty : null,
            bool.TryParse(ManagementQuery.Value(request, "is_global"), out var global) ? global : null);
        return ManagementResults.From(await service.ListAsync(query, filter, SeesSecrets(http), http.RequestAborted), "clients");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, ClientService service) =>
        ManagementQuery.Read(http.Request, await service.GetAsync(id, SeesSecrets(http), http.RequestAborted));

    private static async Task<IResult> CreateAsync(HttpContext http, ClientService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.CreateAsync(body, http.RequestAborted), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, ClientService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateAsync(id, body, SeesSecrets(http), http.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, ClientService service) =>
        ManagementResults.From(await service.DeleteAsync(id, http.RequestAborted));

    private static async Task<IResult> RotateSecretAsync(string id, HttpContext http, ClientService service) =>
        ManagementResults.From(await service.RotateSecretAsync(id, http.RequestAborted));

    private static async Task<IResult> ListCredentialsAsync(string id, HttpContext http, ClientService service) =>
        (await service.ListCredentialsAsync(id, http.RequestAborted)).TryGet(out var list, out var error)
            ? ManagementResults.Json(list)
            : ManagementResults.Error(error);

    private static async Task<IResult> GetCredentialAsync(string id, string credentialId, HttpContext http, ClientService service) =>
        ManagementResults.From(await service.GetCredentialAsync(id, credentialId, http.RequestAborted));

    private static async Task<IResult> CreateCredentialAsync(string id, HttpContext http, ClientService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.CreateCredentialAsync(id, body, http.RequestAborted), 201);
    }

    private static async Task<IResult> UpdateCredentialAsync(string id, string credentialId, HttpContext http, ClientService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateCredentialAsync(id, credentialId, body, http.RequestAborted));
    }

    private static async Task<IResult> DeleteCredentialAsync(string id, string credentialId, HttpContext http, ClientService service) =>
        ManagementResults.From(await service.DeleteCredentialAsync(id, credentialId, http.RequestAborted));
}

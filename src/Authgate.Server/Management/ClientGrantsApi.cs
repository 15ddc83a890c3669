using Authgate.Admin.ClientGrants;

namespace Authgate.Management;

/// <summary><c>/api/v2/client-grants</c>: which client may get tokens for which API, with which scopes, through <see cref="ClientGrantService"/>.</summary>
internal static class ClientGrantsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/client-grants", ListAsync).Scopes("read:client_grants");
        api.MapGet("/client-grants/{id}", GetAsync).Scopes("read:client_grants");
        api.MapPost("/client-grants", CreateAsync).Scopes("create:client_grants").Audited("Create client grant");
        api.MapPatch("/client-grants/{id}", UpdateAsync).Scopes("update:client_grants").Audited("Update client grant");
        api.MapDelete("/client-grants/{id}", DeleteAsync).Scopes("delete:client_grants").Audited("Delete client grant");
    }

    private static async Task<IResult> ListAsync(HttpContext http, ClientGrantService service)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        string? Text(string name) => ManagementQuery.Value(http.Request, name) is { Length: > 0 } value ? value : null;
        var filter = new ClientGrantService.Filter(Text("audience"), Text("client_id"), Text("subject_type"), Text("default_for"),
            bool.TryParse(Text("allow_any_organization"), out var any) ? any : null);
        return ManagementResults.From(await service.ListAsync(query, filter, http.RequestAborted), "client_grants");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, ClientGrantService service) =>
        ManagementResults.From(await service.GetAsync(id, http.RequestAborted));

    private static async Task<IResult> CreateAsync(HttpContext http, ClientGrantService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.CreateAsync(body, http.RequestAborted), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, ClientGrantService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateAsync(id, body, http.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, ClientGrantService service) =>
        ManagementResults.From(await service.DeleteAsync(id, http.RequestAborted));
}

using Authgate.Admin.ResourceServers;

namespace Authgate.Management;

/// <summary><c>/api/v2/resource-servers</c>: APIs, addressed by id or by identifier, through <see cref="ResourceServerService"/>.</summary>
internal static class ResourceServersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/resource-servers", ListAsync).Scopes("read:resource_servers");
        api.MapGet("/resource-servers/{id}", GetAsync).Scopes("read:resource_servers");
        api.MapPost("/resource-servers", CreateAsync).Scopes("create:resource_servers").Audited("Create a resource server");
        api.MapPatch("/resource-servers/{id}", UpdateAsync).Scopes("update:resource_servers").Audited("Update a resource server");
        api.MapDelete("/resource-servers/{id}", DeleteAsync).Scopes("delete:resource_servers").Audited("Delete a resource server");
    }

    private static async Task<IResult> ListAsync(HttpContext http, ResourceServerService service)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        var identifiers = ManagementQuery.Values(http.Request, "identifiers");
        return ManagementResults.From(await service.ListAsync(query, identifiers, http.RequestAborted), "resource_servers");
    }

    /// <summary>By id or identifier; route values arrive decoded exactly once (see <see cref="Endpoints.RouteValueDecoding"/>).</summary>
    private static async Task<IResult> GetAsync(string id, HttpContext http, ResourceServerService service) =>
        ManagementQuery.Read(http.Request, await service.GetAsync(id, http.RequestAborted));

    private static async Task<IResult> CreateAsync(HttpContext http, ResourceServerService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.CreateAsync(body, http.RequestAborted), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, ResourceServerService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateAsync(id, body, http.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, ResourceServerService service) =>
        ManagementResults.From(await service.DeleteAsync(id, http.RequestAborted));
}

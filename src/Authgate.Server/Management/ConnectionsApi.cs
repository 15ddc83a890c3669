using Authgate.Admin.Connections;

namespace Authgate.Management;

/// <summary><c>/api/v2/connections</c>: connections and the clients they are enabled for, through <see cref="ConnectionService"/>.</summary>
internal static class ConnectionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/connections", ListAsync).Scopes("read:connections");
        api.MapGet("/connections/{id}", GetAsync).Scopes("read:connections");
        api.MapPost("/connections", CreateAsync).Scopes("create:connections").Audited("Create a connection");
        api.MapPatch("/connections/{id}", UpdateAsync).Scopes("update:connections").Audited("Update a connection");
        api.MapDelete("/connections/{id}", DeleteAsync).Scopes("delete:connections").Audited("Delete a connection");
        api.MapGet("/connections/{id}/clients", ListClientsAsync).Scopes("read:connections");
        api.MapPatch("/connections/{id}/clients", UpdateClientsAsync).Scopes("update:connections").Audited("Update the clients of a connection");
    }

    private static async Task<IResult> ListAsync(HttpContext http, ConnectionService service)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        var strategies = ManagementQuery.Values(http.Request, "strategy").SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var name = ManagementQuery.Value(http.Request, "name") is { Length: > 0 } n ? n : null;
        return ManagementResults.From(await service.ListAsync(query, strategies, name, http.RequestAborted), "connections");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, ConnectionService service) =>
        ManagementQuery.Read(http.Request, await service.GetAsync(id, http.RequestAborted));

    private static async Task<IResult> CreateAsync(HttpContext http, ConnectionService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.CreateAsync(body, http.RequestAborted), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, ConnectionService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateAsync(id, body, http.RequestAborted));
    }

    /// <summary>Auth0 answers 202: the deletion of the users goes on after the answer there.</summary>
    private static async Task<IResult> DeleteAsync(string id, HttpContext http, ConnectionService service) =>
        ManagementResults.From(await service.DeleteAsync(id, http.RequestAborted), 202);

    private static async Task<IResult> ListClientsAsync(string id, HttpContext http, ConnectionService service)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        return ManagementResults.From(await service.ListClientsAsync(id, query, http.RequestAborted));
    }

    private static async Task<IResult> UpdateClientsAsync(string id, HttpContext http, ConnectionService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateClientsAsync(id, body, http.RequestAborted));
    }
}

using Authgate.Admin.Logs;

namespace Authgate.Management;

/// <summary><c>/api/v2/logs</c>: tenant log events, through <see cref="LogService"/>.</summary>
internal static class LogsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/logs", ListAsync).Scopes("read:logs");
        api.MapGet("/logs/{id}", GetAsync).Scopes("read:logs");
    }

    private static async Task<IResult> ListAsync(HttpContext http, LogService service)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        var result = await service.ListAsync(query, ManagementQuery.Value(http.Request, "q"), ManagementQuery.Value(http.Request, "sort") == "date:1", http.RequestAborted);
        return result.TryGet(out var logs, out error) ? ManagementResults.Json(logs) : ManagementResults.Error(error);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, LogService service) =>
        ManagementResults.From(await service.GetAsync(id, http.RequestAborted));
}

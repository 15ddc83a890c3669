using Authgate.Jobs;

namespace Authgate.Endpoints;

/// <summary>
/// <c>GET /jobs/{id}/download</c>: an export's gzipped file behind the short-lived signed link the job's
/// <c>location</c> gives (no bearer token, as Auth0's pre-signed links need none).
/// </summary>
internal static class JobDownloadEndpoints
{
    public static IEndpointRouteBuilder MapJobDownloads(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/jobs/{id}/download", DownloadAsync);
        return routes;
    }

    private static async Task DownloadAsync(string id, HttpContext http, JobService jobs)
    {
        var chunks = await jobs.DownloadAsync(id, http.Request.Query["exp"], http.Request.Query["sig"], http.RequestAborted);
        if (chunks is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "application/gzip";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.gz\"";
        await foreach (var chunk in chunks.WithCancellation(http.RequestAborted))
        {
            await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
        }
    }
}

using Authgate.Storage;

namespace Authgate.Endpoints;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: and its database does (what a load balancer should route on).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        routes.MapGet("/readyz", ReadyAsync);
        return routes;
    }

    private static async Task<IResult> ReadyAsync(HotConnections connections, HttpContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            // Outside EF: a load balancer asks often, and a new node is ready before it has built its EF model.
            await connections.RowsAsync("SELECT 1", timeout.Token);
            return Results.Json(new { status = "ok" });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            return Results.Json(new { status = "unavailable", error = "database unreachable" }, statusCode: 503);
        }
    }
}

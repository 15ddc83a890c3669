using Authgate.Protection;

namespace Authgate.Endpoints;

/// <summary><c>GET /unblock?ticket=…</c>: the one-time link of a brute-force block notice.</summary>
internal static class UnblockEndpoints
{
    public static IEndpointRouteBuilder MapUnblockEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/unblock", UnblockAsync);
        return routes;
    }

    private static async Task<IResult> UnblockAsync(HttpContext context, LoginProtection protection)
    {
        context.Response.Headers.CacheControl = "no-store";
        var ticket = context.Request.Query["ticket"].ToString();
        var ok = ticket.Length is > 0 and <= 128 && await protection.RedeemUnblockAsync(ticket, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        return ok
            ? Results.Text("Your account has been unblocked. You can sign in again.", "text/plain; charset=utf-8")
            : Results.Text("This unblock link is invalid, already used or expired.", "text/plain; charset=utf-8", statusCode: 400);
    }
}

using System.Text.Json;
using Authgate.Hosting;
using Authgate.Tokens;

namespace Authgate.Endpoints;

/// <summary>
/// <c>/.well-known/openid-configuration</c> (also served as <c>oauth-authorization-server</c>, which
/// express-oauth2-jwt-bearer tries next) and <c>/.well-known/jwks.json</c>. Only what Authgate supports is listed:
/// no authorization endpoint, since this server implements the password flow.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/openid-configuration", Discovery);
        routes.MapGet("/.well-known/oauth-authorization-server", Discovery);
        routes.MapGet("/.well-known/jwks.json", Jwks);
        return routes;
    }

    private static IResult Discovery(HttpContext context, DiscoveryDocument document)
    {
        context.Response.Headers.CacheControl = "public, max-age=15, stale-while-revalidate=15, stale-if-error=86400";
        return Results.Bytes(document.Json, "application/json; charset=utf-8");
    }

    private static IResult Jwks(HttpContext context, SigningKeyRing keys)
    {
        context.Response.Headers.CacheControl = "public, max-age=15, stale-while-revalidate=15, stale-if-error=86400";
        return Results.Bytes(keys.JwksJson, "application/json; charset=utf-8");
    }
}

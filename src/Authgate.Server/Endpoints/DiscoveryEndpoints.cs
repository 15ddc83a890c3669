using Authgate.Tokens;
using Microsoft.AspNetCore.Http.Features;

namespace Authgate.Endpoints;

/// <summary>
/// <c>/.well-known/openid-configuration</c> (also served as <c>oauth-authorization-server</c>, which
/// express-oauth2-jwt-bearer tries next) and <c>/.well-known/jwks.json</c>. Only what Authgate supports is listed:
/// no authorization endpoint, since this server implements the password flow.
/// </summary>
internal static class DiscoveryEndpoints
{
    private const string Jwks = "/.well-known/jwks.json";
    private const string OpenIdConfiguration = "/.well-known/openid-configuration";
    private const string AuthorizationServer = "/.well-known/oauth-authorization-server";
    private const string CacheControl = "public, max-age=15, stale-while-revalidate=15, stale-if-error=86400";
    private const string ContentType = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(OpenIdConfiguration, (HttpContext context, DiscoveryDocument document) => WriteAsync(context, document.Json));
        routes.MapGet(AuthorizationServer, (HttpContext context, DiscoveryDocument document) => WriteAsync(context, document.Json));
        routes.MapGet(Jwks, (HttpContext context, SigningKeyRing keys) => WriteAsync(context, keys.JwksJson));
        return routes;
    }

    /// <summary>
    /// The request every resource server and OIDC client sends for these documents (GET, the path exactly as
    /// written above) is answered here, ahead of routing and the endpoint's machinery, which were about a tenth of its
    /// CPU (bench/ANALYSIS.md, thirty-first pass). Any other form of it (another letter case, another method) goes on to
    /// the endpoints, which answer with the same code. Registered after the middleware whose work these answers still
    /// need: security headers, error bodies, trusted proxies (HSTS follows the forwarded scheme) and the metrics
    /// port's guard.
    /// </summary>
    public static IApplicationBuilder UseDiscoveryDocuments(this IApplicationBuilder app)
    {
        // Resolved per request, not here: the key ring needs the storage settings, and a start with invalid ones must
        // end in their one-line message (Program.cs), not in an exception while the pipeline is built.
        var services = app.ApplicationServices;
        return app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            var json = !HttpMethods.IsGet(context.Request.Method) ? null : path switch
            {
                Jwks => services.GetRequiredService<SigningKeyRing>().JwksJson,
                OpenIdConfiguration or AuthorizationServer => services.GetRequiredService<DiscoveryDocument>().Json,
                _ => null,
            };
            if (json is null)
            {
                return next(context);
            }

            // No endpoint ran, so the request metrics would carry no route: name it as the endpoint would.
            context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new("http.route", path));
            return WriteAsync(context, json);
        });
    }

    private static Task WriteAsync(HttpContext context, byte[] json)
    {
        var response = context.Response;
        response.Headers.CacheControl = CacheControl;
        response.ContentType = ContentType;
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json).AsTask();
    }
}

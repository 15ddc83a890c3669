using Authgate.Hosting;
using Microsoft.Extensions.Options;

namespace Authgate.Endpoints;

/// <summary>
/// Headers every response carries, set as the response starts so error paths (which clear headers) keep them:
/// <c>X-Content-Type-Options: nosniff</c> everywhere; <c>Cache-Control: no-store</c> on the Management API (its
/// answers hold client secrets and personal data); <c>Strict-Transport-Security</c> over HTTPS, one year by default
/// as Auth0 sends it, never on plain HTTP (a browser ignores it there and development stays reachable).
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var maxAge = app.ApplicationServices.GetRequiredService<IOptions<AuthgateOptions>>().Value.HstsMaxAgeSeconds;
        var hsts = maxAge > 0 ? $"max-age={maxAge}" : null;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (http, hstsValue) = ((HttpContext, string?))state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (hstsValue is not null && http.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = hstsValue;
                }

                if (ErrorShapes.IsManagement(http.Request.Path.Value))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            }, (context, hsts));
            return next(context);
        });
    }
}

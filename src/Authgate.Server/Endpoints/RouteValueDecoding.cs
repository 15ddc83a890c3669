using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Authgate.Endpoints;

/// <summary>
/// Makes route values the exact, once-decoded path segments a client sent. Kestrel decodes the path except
/// <c>%2F</c>, so an id holding '/' (or a literal "%2F") would otherwise arrive half-decoded and never match:
/// a user created as <c>auth0|a/b</c> could not be read, changed or deleted. Runs after routing chose the endpoint.
/// </summary>
internal static class RouteValueDecoding
{
    public static IApplicationBuilder UseExactRouteValues(this IApplicationBuilder app) =>
        app.Use(next => context =>
        {
            if (context.GetEndpoint() is RouteEndpoint { RoutePattern.Parameters.Count: > 0 } endpoint)
            {
                Decode(context, endpoint.RoutePattern);
            }

            return next(context);
        });

    private static void Decode(HttpContext context, RoutePattern pattern)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/' || !context.Request.PathBase.Equals(PathString.Empty))
        {
            // No raw target (an in-memory test host): the path is decoded but for "%2F", so finish that.
            foreach (var parameter in pattern.Parameters)
            {
                if (context.Request.RouteValues[parameter.Name] is string value && value.Contains('%', StringComparison.Ordinal))
                {
                    context.Request.RouteValues[parameter.Name] = value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
                }
            }

            return;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var segments = (query >= 0 ? raw[..query] : raw).Split('/');
        // segments[0] is the empty string before the leading '/'.
        if (segments.Length - 1 != pattern.PathSegments.Count)
        {
            return;
        }

        for (var i = 0; i < pattern.PathSegments.Count; i++)
        {
            if (pattern.PathSegments[i] is { IsSimple: true, Parts: [RoutePatternParameterPart { IsCatchAll: false } parameter] })
            {
                context.Request.RouteValues[parameter.Name] = Uri.UnescapeDataString(segments[i + 1]);
            }
        }
    }
}

namespace Authgate.Endpoints;

/// <summary>
/// Gives routing's bodiless errors (404 unknown path, 405 wrong method, …) the body their API uses, through
/// ASP.NET's status-code pages: it acts only when no body, length or content type was set.
/// </summary>
internal static class EmptyErrorBodies
{
    public static IApplicationBuilder UseErrorBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (HttpMethods.IsHead(http.Request.Method))
            {
                return;
            }

            var body = ErrorShapes.Body(http.Request.Path.Value, http.Response.StatusCode);
            http.Response.ContentType = ErrorShapes.ContentType;
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
        });
}

using Authgate.Dashboard.Accounts;
using Authgate.Endpoints;
using Authgate.Hosting;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard;

/// <summary>
/// The admin dashboard: Razor Pages rendered on the server under <see cref="DashboardOptions.Path"/>, htmx for
/// partial updates, no JavaScript build. Its pages call the same admin services as the Management API and the CLI.
/// </summary>
internal static class DashboardServices
{
    /// <summary>No inline script or style anywhere: everything comes from the dashboard's own assets.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateAtStart<DashboardOptions, Hosting.DashboardOptionsValidator>();
        builder.Services.AddScoped<AdminAccounts>();
        builder.Services.AddScoped<SignInThrottle>();
        builder.Services.AddScoped<DashboardSessions>();
        builder.Services.AddScoped<DashboardSignIn>();

        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        if (!settings.Enabled)
        {
            return app;
        }

        DashboardAssets.Map(app, settings.Path);
        // Mapping Razor Pages builds every page's action descriptor at once (about 0.2 s of a core, and MVC's code
        // loaded), which every start paid, and every node, for a dashboard most nodes never serve. Its pages get their
        // own services and pipeline, built by the first request under the dashboard's path that nothing else matched.
        var pages = new Lazy<RequestDelegate>(() => DashboardPages.Pipeline(app, settings), LazyThreadSafetyMode.ExecutionAndPublication);
        app.Use(next => http => http.GetEndpoint() is null && http.Request.Path.StartsWithSegments(settings.Path) ? pages.Value(http) : next(http));
        return app;
    }

    /// <summary>
    /// Headers on every dashboard response: the CSP, no framing, no referrer, nothing cached (pages show secrets). Plain
    /// HTTP is refused except from the machine itself: the session cookie is <c>Secure</c>.
    /// </summary>
    public static IApplicationBuilder UseDashboardHeaders(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<IOptions<DashboardOptions>>().Value;
        if (!settings.Enabled)
        {
            return app;
        }

        return app.UseWhen(http => http.Request.Path.StartsWithSegments(settings.Path), branch => branch.Use(async (http, next) =>
        {
            http.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (!((HttpContext)state).Request.Path.Value!.Contains("/assets/", StringComparison.Ordinal))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            }, http);
            if (!http.Request.IsHttps && !(http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip)) && http.Connection.RemoteIpAddress is not null)
            {
                http.Response.StatusCode = 403;
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authgate dashboard</title></head><body><p>Open the dashboard over HTTPS.</p></body></html>", http.RequestAborted);
                return;
            }

            await next(http);
        }));
    }
}

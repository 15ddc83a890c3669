using Authgate.Dashboard.Accounts;
using Authgate.Endpoints;
using Authgate.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;
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
        builder.Services.AddScoped<DashboardFilter>();

        return builder;
    }

    /// <summary>
    /// The page framework's services, in the dashboard's own provider (<see cref="PagesPipeline"/>). Registered in the
    /// server's, they loaded MVC, Razor and Data Protection at every start (about 12 MiB and 25 assemblies) on every
    /// node, most of which never serve the dashboard.
    /// </summary>
    private static IServiceProvider PageServices(IServiceProvider server, DashboardOptions settings)
    {
        var pages = new ServiceCollection();
        // The server's instances of what the framework needs from the host: its environment (MVC finds the pages in
        // the application it names), configuration, logging, diagnostics and meters.
        var environment = server.GetRequiredService<IWebHostEnvironment>();
        pages.AddSingleton(environment);
        pages.AddSingleton<IHostEnvironment>(environment);
        pages.AddSingleton(server.GetRequiredService<IConfiguration>());
        pages.AddSingleton(server.GetRequiredService<ILoggerFactory>());
        pages.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        pages.AddSingleton(server.GetRequiredService<System.Diagnostics.DiagnosticListener>());
        pages.AddSingleton<System.Diagnostics.DiagnosticSource>(server.GetRequiredService<System.Diagnostics.DiagnosticListener>());
        pages.AddSingleton(server.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        pages.AddSingleton(server.GetRequiredService<IOptions<DashboardOptions>>());

        pages.AddDataProtection().SetApplicationName("Authgate");
        pages.AddSingleton<IConfigureOptions<KeyManagementOptions>>(new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = ActivatorUtilities.CreateInstance<DatabaseXmlRepository>(server)));
        pages.AddAntiforgery(o =>
        {
            o.Cookie.Name = "authgate-dashboard-af";
            o.Cookie.Path = settings.Path;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
            o.HeaderName = null;
        });
        pages.AddRazorPages(o =>
        {
            o.RootDirectory = "/Dashboard/Pages";
            o.Conventions.Add(new DashboardRoutes(settings.Path));
            o.Conventions.ConfigureFilter(new IgnoreAntiforgeryTokenAttribute());
        }).AddMvcOptions(o => o.Filters.AddService<DashboardFilter>());
        // Checked as the server's provider is: scopes and registrations in Development, not on every node in production.
        var development = environment.IsDevelopment();
        var provider = pages.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = development, ValidateOnBuild = development });
        server.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(provider.Dispose);
        return provider;
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
        var pages = new Lazy<RequestDelegate>(() => PagesPipeline(app, settings), LazyThreadSafetyMode.ExecutionAndPublication);
        app.Use(next => http => http.GetEndpoint() is null && http.Request.Path.StartsWithSegments(settings.Path) ? pages.Value(http) : next(http));
        return app;
    }

    private static RequestDelegate PagesPipeline(WebApplication app, DashboardOptions settings)
    {
        var services = PageServices(app.Services, settings);
        var branch = new ApplicationBuilder(services);
        branch.Use(next => async http =>
        {
            var server = http.RequestServices;
            await using var scope = services.CreateAsyncScope();
            http.RequestServices = new DashboardRequestServices(scope.ServiceProvider, server);
            try
            {
                await next(http);
            }
            finally
            {
                http.RequestServices = server;
            }
        });
        branch.UseRouting();
        branch.UseExactRouteValues();
        branch.UseEndpoints(endpoints => endpoints.MapRazorPages());
        return branch.Build();
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

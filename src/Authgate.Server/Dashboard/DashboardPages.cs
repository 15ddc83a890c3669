using Authgate.Endpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard;

/// <summary>
/// The dashboard's pages: their own service provider and pipeline, built by the first dashboard request a node serves.
/// A class apart from <see cref="DashboardServices"/>, which every start runs: no method the start compiles names an
/// MVC type, so MVC's assemblies load only with the first page.
/// </summary>
internal static class DashboardPages
{
    public static RequestDelegate Pipeline(WebApplication app, DashboardOptions settings)
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
    /// The page framework's services, in the dashboard's own provider (<see cref="Pipeline"/>). Registered in the
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
        // The filter is made for each page request from the request's services (sessions and logs from the server's
        // scope), not registered in the server's provider: its type implements MVC's filter interface, and registering
        // it there loaded MVC's assemblies at every start.
        pages.AddRazorPages(o =>
        {
            o.RootDirectory = "/Dashboard/Pages";
            o.Conventions.Add(new DashboardRoutes(settings.Path));
            o.Conventions.ConfigureFilter(new IgnoreAntiforgeryTokenAttribute());
        }).AddMvcOptions(o => o.Filters.Add<DashboardFilter>());
        // Checked as the server's provider is: scopes and registrations in Development, not on every node in production.
        var development = environment.IsDevelopment();
        var provider = pages.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = development, ValidateOnBuild = development });
        server.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(provider.Dispose);
        return provider;
    }
}

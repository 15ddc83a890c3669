using Authgate.Cli;
using Authgate.Dashboard;
using Authgate.Endpoints;
using Authgate.Hosting;
using Authgate.Management;
using Authgate.Observability;
using Microsoft.Extensions.Options;

if (AdminCli.IsCommand(args))
{
    return await AdminCli.RunAsync(args, Console.Out);
}

Gen0Budget.RestartIfOversized();
HostingStartups.SkipUnlessAsked(args, Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Choose(args, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
});
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--seed"] = "Authgate:SeedFile",
    ["--seed-keywords"] = "Authgate:SeedKeywordsFile",
});
builder.AddAuthgate();

var app = builder.Build();
// Migrations, the seed and the first signing keys need only the built services: they run while the pipeline and the
// endpoints are registered below, on the other core, and the server listens once both are done.
var initialized = Task.Run(() => Startup.InitializeAsync(app));
try
{
    app.UseSecurityHeaders();
    app.UseExceptionHandler(_ => { });
    app.UseErrorBodies();
    app.UseTrustedProxies();
    app.UseMetricsEndpoint();
    app.UseDiscoveryDocuments();
    app.UseDashboardHeaders();
    app.UseRouting();
    app.UseExactRouteValues();
    app.MapOAuthEndpoints();
    app.MapMfaEndpoints();
    app.MapUserInfoEndpoints();
    app.MapDiscoveryEndpoints();
    app.UseManagementRateLimit();
    app.MapManagementApi();
    app.MapUnblockEndpoints();
    app.MapJobDownloads();
    app.MapHealthEndpoints();
    app.MapDashboard();
}
catch (OptionsValidationException)
{
    // A registration read an invalid setting: reported below, as one line, by the start-up work or the settings check.
}

if (!await initialized || !await Startup.SettingsAreValidAsync(app))
{
    return 1;
}

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is IOException || Startup.IsInvalidSetting(e))
{
    // A taken port or an invalid setting: one clear line, not a stack trace.
    await Startup.CouldNotStartAsync(e);
    return 1;
}

/// <summary>The entry point, public for the integration tests' WebApplicationFactory.</summary>
public partial class Program;

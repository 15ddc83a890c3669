using Authgate.Cli;
using Authgate.Endpoints;
using Authgate.Hosting;
using Authgate.Management;

if (AdminCli.IsCommand(args))
{
    return await AdminCli.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--seed"] = "Authgate:SeedFile" });
builder.AddAuthgate();

var app = builder.Build();
app.UseExceptionHandler(_ => { });
app.UseTrustedProxies();
app.MapOAuthEndpoints();
app.MapUserInfoEndpoints();
app.MapDiscoveryEndpoints();
app.MapManagementApi();
app.MapUnblockEndpoints();
app.MapHealthEndpoints();

if (!await Startup.InitializeAsync(app))
{
    return 1;
}

try
{
    await app.RunAsync();
    return 0;
}
catch (IOException e)
{
    // Typically the port is taken: one clear line, not a stack trace.
    await Console.Error.WriteLineAsync($"Authgate could not start: {e.Message}");
    return 1;
}

/// <summary>The entry point, public for the integration tests' WebApplicationFactory.</summary>
public partial class Program;

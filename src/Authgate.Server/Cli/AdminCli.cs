using System.CommandLine;
using Authgate.Hosting;
using Authgate.Tenants;

namespace Authgate.Cli;

/// <summary>
/// <c>authgate &lt;command&gt;</c>: operator commands that work on the database directly (the same configuration as the
/// server: appsettings, environment, <c>--Authgate:DataDirectory=…</c>), so they also work while no server runs.
/// Changes are visible to running servers at once, like Management API changes.
/// </summary>
internal static class AdminCli
{
    public static readonly string[] Commands = ["init", "migrate", "apps", "apis", "connections", "users", "grants", "tenant", "demo-credentials", "keys", "export", "import", "admins"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter? errors = null)
    {
        errors ??= Console.Error;
        var builder = WebApplication.CreateBuilder(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
        builder.AddAuthgate();
        await using var app = builder.Build();
        var commands = new AdminCommands(app.Services, output);
        var root = commands.Build();
        try
        {
            return await root.Parse(args.Where(a => !(a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal))).ToArray()).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is TenantFileException or CommandException)
        {
            await errors.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            await errors.WriteLineAsync($"authgate: {e.Message}");
            return 1;
        }
    }
}

using System.Runtime;
using System.Text;
using Authgate.Hosting;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Hosting;

/// <summary>
/// A server process whose GC chose a generation-0 budget above 6 MiB (a machine reporting a large cache) starts itself
/// again, as the same process, with <c>DOTNET_GCgen0size</c> set; what the operator set is kept (Hosting/Gen0Budget).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Gen0BudgetTests
{
    private const string Added = "DOTNET_GCgen0size=0x600000";

    [Theory]
    [InlineData(80L * 1024 * 1024, false, "PATH", true)]
    [InlineData(6L * 1024 * 1024 + 1, false, "HOME", true)]
    [InlineData(6L * 1024 * 1024, false, "PATH", false)]
    [InlineData(256L * 1024, false, "PATH", false)]
    [InlineData(80L * 1024 * 1024, true, "PATH", false)]
    [InlineData(80L * 1024 * 1024, false, "DOTNET_GCgen0size", false)]
    [InlineData(80L * 1024 * 1024, false, "dotnet_gcGen0Size", false)]
    [InlineData(80L * 1024 * 1024, false, "COMPlus_GCgen0size", false)]
    [InlineData(80L * 1024 * 1024, false, "DOTNET_GCgen0MaxBudget", false)]
    public void Only_an_oversized_workstation_budget_nobody_configured_restarts(long budget, bool serverGc, string variable, bool restarts) =>
        Gen0Budget.ShouldRestart(budget, serverGc, ["LANG", variable]).Should().Be(restarts);

    [SqliteFact]
    public async Task The_server_restarts_as_the_same_process_with_its_arguments_intact()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-process-tests", Guid.NewGuid().ToString("N"));
        // A space and a non-ASCII letter: the restart must hand each argument over byte for byte.
        var data = Path.Combine(directory, "data dir é");
        Directory.CreateDirectory(directory);
        await using var server = ServerProcess.Start(directory, $"--Authgate:DataDirectory={data}");
        await server.WaitUntilListeningAsync();

        var environment = Entries($"/proc/{server.Id}/environ");
        var budget = Convert.ToInt64(GC.GetConfigurationVariables()["GCGen0MaxBudget"], System.Globalization.CultureInfo.InvariantCulture);
        var expected = Gen0Budget.ShouldRestart(budget, GCSettings.IsServerGC, Environment.GetEnvironmentVariables().Keys.Cast<string>());
        // On this machine's budget (the test process's GC sizes it the same way) the server restarts, or does not.
        environment.Contains(Added).Should().Be(expected, $"this machine's gen0 budget is {budget} bytes");
        Entries($"/proc/{server.Id}/cmdline").Should().Contain($"--Authgate:DataDirectory={data}");
        File.Exists(Path.Combine(data, "authgate.db")).Should().BeTrue("the server used the data directory exactly as given");
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

        // The diagnostic tools (dotnet-counters, -trace, -gcdump) still attach: the runtime after the restart listens on
        // the socket named for this pid and the process's start time (field 22 of /proc/PID/stat), which execve keeps.
        var stat = await File.ReadAllTextAsync($"/proc/{server.Id}/stat");
        var startTime = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        var socket = Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{server.Id}-{startTime}-socket");
        using var diagnostics = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await diagnostics.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
        diagnostics.Connected.Should().BeTrue();
    }

    [SqliteFact]
    public async Task An_operator_setting_is_kept()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-process-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var server = ServerProcess.StartWithVariables(new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0" }, directory);
        await server.WaitUntilListeningAsync();

        var environment = Entries($"/proc/{server.Id}/environ");
        environment.Should().Contain("DOTNET_GCgen0size=0").And.NotContain(Added);
    }

    private static List<string> Entries(string path) =>
        Encoding.UTF8.GetString(File.ReadAllBytes(path)).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
}

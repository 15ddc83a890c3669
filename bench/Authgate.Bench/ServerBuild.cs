using System.Diagnostics;

namespace Authgate.Bench;

/// <summary>
/// The server as it is deployed (docs/DEPLOYMENT.md): <c>dotnet publish -c Release -r linux-x64
/// -p:PublishReadyToRun=true</c>, so start-up and the first requests run precompiled code instead of waiting for the JIT.
/// </summary>
public static class ServerBuild
{
    /// <summary>Where <see cref="PublishReadyToRunAsync"/> puts the server.</summary>
    public static string PublishedDll => Path.Combine(AppContext.BaseDirectory, "server-r2r", "Authgate.Server.dll");

    public static async Task<string> PublishReadyToRunAsync()
    {
        var output = Path.GetDirectoryName(PublishedDll)!;
        var project = Path.Combine(ServerUnderTest.RepositoryRoot, "src", "Authgate.Server", "Authgate.Server.csproj");
        // A clean directory: publish copies a file only when the build's is newer, so a server published from another
        // checkout (an A/B against an older commit) would otherwise stay in place and be measured as this one.
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Console.WriteLine("Publishing the server (Release, ReadyToRun)…");
        var info = new ProcessStartInfo("dotnet", $"publish \"{project}\" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o \"{output}\" -v q --nologo")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not run dotnet publish.");
        var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + log);
        }

        return PublishedDll;
    }
}

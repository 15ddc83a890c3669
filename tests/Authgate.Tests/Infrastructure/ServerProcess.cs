using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Authgate.Tests.Infrastructure;

/// <summary>The real server as a separate process (the built Authgate.Server.dll), as an operator runs it.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private bool disposed;
    private readonly TaskCompletionSource<string> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        this.process = process;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string BaseUrl { get; private set; } = "";

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>The process id (for <c>/proc</c>).</summary>
    public int Id => process.Id;

    public static ServerProcess Start(string workingDirectory, params string[] args) => StartIn("Production", workingDirectory, args);

    /// <summary>Starts the server in an ASP.NET environment (<c>Production</c>, as deployed; <c>Development</c>, as <c>dotnet run</c>).</summary>
    public static ServerProcess StartIn(string environment, string workingDirectory, params string[] args) =>
        StartWith(environment, new Dictionary<string, string>(), workingDirectory, args);

    /// <summary>Starts the server in production with <paramref name="variables"/> added to its environment.</summary>
    public static ServerProcess StartWithVariables(IReadOnlyDictionary<string, string> variables, string workingDirectory, params string[] args) =>
        StartWith("Production", variables, workingDirectory, args);

    private static ServerProcess StartWith(string environment, IReadOnlyDictionary<string, string> variables, string workingDirectory, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.ServerDll);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(Path.GetDirectoryName(RepositoryPaths.ServerDll)!);
        if (!args.Contains("--urls"))
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add("http://127.0.0.1:0");
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The suite's cheap KDF, as in AuthgateFactory, unless a test sets the cost itself.
        if (!args.Any(a => a.Contains("PasswordHashing", StringComparison.Ordinal)))
        {
            info.ArgumentList.Add($"--Authgate:PasswordHashing:MemoryKiB={AuthgateFactory.CheapHashMemoryKiB}");
            info.ArgumentList.Add("--Authgate:PasswordHashing:Iterations=1");
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        // Set in this process by every in-process server's Program (Hosting/HostingStartups): the child decides for itself.
        info.Environment.Remove("ASPNETCORE_PREVENTHOSTINGSTARTUP");
        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        var server = new ServerProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        server.process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server.process.Exited += (_, _) =>
        {
            server.process.WaitForExit(); // drains the redirected output first
            server.listening.TrySetException(new InvalidOperationException("The server exited:\n" + server.Output));
        };
        server.process.Start();
        // A test run that ends abruptly (a timeout in a fixture, a crash) must not leave servers running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.KillQuietly();
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        return server;
    }

    public async Task WaitUntilListeningAsync(string scheme = "http")
    {
        // Generous: a Debug build starting on a loaded 2-core machine has taken 30 s.
        BaseUrl = await listening.Task.WaitAsync(TimeSpan.FromSeconds(120));
        BaseUrl.Should().StartWith(scheme + "://");
    }

    public async Task<int> WaitForExitAsync()
    {
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.WaitForExit();
        return process.ExitCode;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(match.Groups[1].Value.TrimEnd('/') + "/");
        }
    }

    private void KillQuietly()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was not committed is lost.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await KillAsync();
        process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (https?://\S+)")]
    private static partial Regex ListeningLine();
}

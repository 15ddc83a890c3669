using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Authgate.Bench;

/// <summary>A process the benchmark starts and always stops: Authgate (Release build) or the no-op ceiling server.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Process process;

    private ServerUnderTest(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Pid => process.Id;

    public TimeSpan StartupTime { get; private set; }

    /// <summary>CPU time (user and system, all threads) the server used from its start to its first ready answer.</summary>
    public TimeSpan StartupCpu { get; private set; }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Authgate.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository (Authgate.slnx not found).");
        }
    }

    /// <summary>The server to run: the ReadyToRun publish (<see cref="ServerBuild"/>), else the Release build.</summary>
    public static string? ServerDll { get; set; }

    public static async Task<ServerUnderTest> StartAuthgateAsync(string dataDirectory, IEnumerable<string> args, string readyPath = "/readyz", IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = ServerDll ?? Path.Combine(RepositoryRoot, "src", "Authgate.Server", "bin", "Release", "net10.0", "Authgate.Server.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run the benchmark with -c Release (it builds the server).");
        }

        return await StartAsync(dll, dataDirectory, args, readyPath, environment);
    }

    public static Task<ServerUnderTest> StartNoopAsync() =>
        StartAsync(Path.Combine(AppContext.BaseDirectory, "Authgate.Bench.dll"), Path.GetTempPath(), ["noop-server"], null, null);

    private static async Task<ServerUnderTest> StartAsync(string dll, string workingDirectory, IEnumerable<string> args, string? readyPath, IReadOnlyDictionary<string, string>? environment)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(Path.GetDirectoryName(dll)!);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        // Experiments: AUTHGATE_BENCH_SERVER_ENV="DOTNET_TieredPGO=0;DOTNET_gcServer=1" is passed on to the servers.
        foreach (var pair in (Environment.GetEnvironmentVariable("AUTHGATE_BENCH_SERVER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            info.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + dll);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("  server: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerUnderTest(process, url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{dll} exited with {process.ExitCode}.");
            }

            try
            {
                var probe = readyPath is null
                    ? await http.PostAsync(url + "/noop", new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" }))
                    : await http.GetAsync(url + readyPath);
                if (probe.IsSuccessStatusCode)
                {
                    server.StartupTime = clock.Elapsed;
                    server.StartupCpu = server.CpuTime();
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(20);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The server did not become ready within 60 s.");
    }

    /// <summary>CPU time (user and system) the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = $"/proc/{process.Id}/stat";
        if (!File.Exists(stat))
        {
            return TimeSpan.Zero;
        }

        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Resident memory (VmRSS) of the server process, in MiB; 0 where /proc is not available.</summary>
    public double ResidentMemoryMiB()
    {
        var status = $"/proc/{process.Id}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>
    /// The resident memory split (smaps_rollup, MiB): private (the process's own: GC heap, native heaps, JIT code),
    /// file-backed (the mapped assemblies and libraries, shared with any process mapping the same files) and shared
    /// memory (executable memory the runtime maps twice for W^X).
    /// </summary>
    public Dictionary<string, double> MemorySplitMiB()
    {
        var path = $"/proc/{process.Id}/smaps_rollup";
        var split = new Dictionary<string, double>();
        if (!File.Exists(path))
        {
            return split;
        }

        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0] is "Private_Dirty:" or "Private_Clean:" or "Shared_Clean:" or "Pss_Anon:" or "Pss_File:" or "Pss_Shmem:")
            {
                split[parts[0].TrimEnd(':')] = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
            }
        }

        return split;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

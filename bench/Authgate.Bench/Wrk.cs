using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Authgate.Bench;

/// <summary>
/// Closed-loop load from wrk, the generator the peer table was measured with. The scenarios with a throughput
/// target and the HTTP ceiling run under it: on two cores the load generator takes its CPU from the server, and the
/// bench's own <see cref="LoadGenerator"/> (HttpClient, one task per request) costs several times what wrk does per
/// request, so its figures measured the generator as much as the server (bench/ANALYSIS.md, twenty-fourth pass).
/// The half-peak scenarios and the protected lane's refreshes run under it too, paced (<see cref="PacedAsync"/>), and
/// so does the lane's wrong-password flood. Scripts are
/// <c>bench/tools/wrk/*.lua</c>, copied beside the benchmark; <c>report.lua</c> is appended to each so that wrk prints
/// one line of results to read back.
/// </summary>
public static class Wrk
{
    private const int Threads = 2;
    private const string ResultPrefix = "WRK-RESULT ";

    /// <summary>Fails early, before a run's first server starts, when wrk is not installed.</summary>
    public static void EnsureInstalled()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("The benchmark drives its load with wrk, which is not installed (Debian: apt-get install wrk).");
        }
    }

    /// <param name="url">The full URL every request goes to.</param>
    /// <param name="script">A script in bench/tools/wrk (<c>null</c>: plain GETs).</param>
    /// <param name="scriptArguments">What the script's <c>init</c> reads after <c>--</c>.</param>
    public static Task<LoadResult> RunAsync(string url, string? script, int connections, TimeSpan duration, params string[] scriptArguments) =>
        RunAsync(url, script, Threads, connections, null, duration, scriptArguments);

    /// <summary>
    /// <paramref name="requestsPerSecond"/> in all from <paramref name="connections"/> connections, one thread each,
    /// each keeping its own schedule (<c>paced.lua</c>, which times stalled requests from their scheduled send).
    /// </summary>
    public static Task<LoadResult> PacedAsync(string url, string? script, double requestsPerSecond, int connections, TimeSpan duration, params string[] scriptArguments) =>
        RunAsync(url, script, connections, connections, requestsPerSecond, duration, scriptArguments);

    private static async Task<LoadResult> RunAsync(string url, string? script, int threads, int connections, double? rate, TimeSpan duration, string[] scriptArguments)
    {
        var combined = Path.Combine(Path.GetTempPath(), $"authgate-bench-wrk-{Guid.NewGuid():N}.lua");
        var directory = Path.Combine(AppContext.BaseDirectory, "wrk");
        var parts = new List<string>();
        foreach (var part in new[] { script, rate is null ? null : "paced.lua", "report.lua" })
        {
            if (part is not null)
            {
                parts.Add(await File.ReadAllTextAsync(Path.Combine(directory, part)));
            }
        }

        await File.WriteAllTextAsync(combined, string.Join("\n", parts));
        try
        {
            var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { $"-t{threads}", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "30s", "-s", combined, url })
            {
                info.ArgumentList.Add(argument);
            }

            if (scriptArguments.Length > 0)
            {
                info.ArgumentList.Add("--");
                foreach (var argument in scriptArguments)
                {
                    info.ArgumentList.Add(argument);
                }
            }

            info.Environment["WRK_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
            if (rate is { } perSecond)
            {
                info.Environment["WRK_RATE"] = perSecond.ToString(CultureInfo.InvariantCulture);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return Parse(await output, await errors);
        }
        finally
        {
            File.Delete(combined);
        }
    }

    internal static LoadResult Parse(string output, string errors)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result.\n{output}\n{errors}");
        using var json = JsonDocument.Parse(line[ResultPrefix.Length..]);
        var root = json.RootElement;
        double Ms(string name) => root.GetProperty(name).GetDouble() / 1000;
        var requests = root.GetProperty("requests").GetInt64();
        var seconds = root.GetProperty("duration_us").GetDouble() / 1e6;
        double? Optional(string name) => root.TryGetProperty(name, out _) ? Ms(name) : null;
        return new LoadResult(requests / seconds, Ms("p50_us"), Ms("p90_us"), Ms("p99_us"), Ms("max_us"), requests,
            root.GetProperty("errors").GetInt64(), seconds, Completed: requests,
            P99FromScheduleMs: Optional("p99_from_schedule_us"), TimerLateP99Ms: Optional("timer_late_p99_us"));
    }
}

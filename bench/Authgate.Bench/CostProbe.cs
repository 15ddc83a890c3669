using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Authgate.Bench;

/// <summary>
/// The measures that hold on a shared machine, for before/after comparisons of one change: CPU and wall time from
/// process start to ready (fresh and existing SQLite database), server CPU per rotating refresh and per
/// client-credentials token (user+system time over answered requests, not throughput), resident memory and its
/// split, and the GC's view of its heap. <c>measure [--seconds N] [--tokens N]</c>; server environment variables
/// through <c>AUTHGATE_BENCH_SERVER_ENV</c> as for <c>all</c>.
/// </summary>
public static class CostProbe
{
    public static async Task RunAsync(int seconds, int storedTokens)
    {
        var options = new BenchOptions(Quick: true, Postgres: false, Micro: false);
        var directory = Path.Combine(Path.GetTempPath(), "authgate-measure-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var lines = new List<string> { $"load average at start: {LoadAverage()}" };
        try
        {
            var runner = new BenchRunner(options);
            var args = await runner.ServerArgsForMeasureAsync(directory);
            await using (var fresh = await ServerUnderTest.StartAuthgateAsync(directory, args))
            {
                lines.Add($"start to ready, fresh database: {fresh.StartupTime.TotalSeconds:N2} s wall, {fresh.StartupCpu.TotalSeconds:N2} s CPU");
            }

            // Measured on a node started on its existing database, as `all` does (the seed loads EF's query pipeline).
            SqliteConnection.ClearAllPools();
            await using (var server = await ServerUnderTest.StartAuthgateAsync(directory, args))
            {
                using var http = BenchRunner.Client(server.BaseUrl, 64);
                lines.Add($"RSS idle after start: {server.ResidentMemoryMiB():N1} MiB");
                var load = new LoadGenerator(http);
                var chains = await runner.ChainsForMeasureAsync(http, 16);
                // Warm-up: every measured path, long enough for tiered compilation to settle.
                for (var round = 0; round < 3; round++)
                {
                    await load.ClosedLoopAsync(16, TimeSpan.Zero, TimeSpan.FromSeconds(3), (h, i) => i % 2 == 0 ? BenchRunner.RefreshOnceAsync(h, chains, i) : ClientCredentialsAsync(h));
                }

                lines.Add(await CpuPerRequestAsync(server, "rotating refresh", () => load.ClosedLoopAsync(16, TimeSpan.Zero, TimeSpan.FromSeconds(seconds), (h, i) => BenchRunner.RefreshOnceAsync(h, chains, i))));
                lines.Add(Memory(server, "after refresh load"));
                lines.Add(await CpuPerRequestAsync(server, "client credentials", () => load.ClosedLoopAsync(16, TimeSpan.Zero, TimeSpan.FromSeconds(seconds), (h, _) => ClientCredentialsAsync(h))));
                lines.Add(Memory(server, "after client-credentials load"));
                lines.Add(await GcAsync(http));
                lines.Add(Mappings(server.Pid));
                await BenchRunner.ManagementRequestAsync(http, server.BaseUrl);
                lines.Add(Memory(server, "after a Management API request"));
                if (storedTokens > 0)
                {
                    await InsertTokensAsync(directory, storedTokens);
                    lines.Add(await CpuPerRequestAsync(server, $"rotating refresh, {storedTokens:N0} stored tokens", () => load.ClosedLoopAsync(16, TimeSpan.Zero, TimeSpan.FromSeconds(seconds), (h, i) => BenchRunner.RefreshOnceAsync(h, chains, i))));
                    lines.Add(Memory(server, $"with {storedTokens:N0} stored tokens"));
                    lines.Add(await GcAsync(http));
                }
            }

            SqliteConnection.ClearAllPools();
            await using (var restarted = await ServerUnderTest.StartAuthgateAsync(directory, args))
            {
                lines.Add($"start to ready, existing database: {restarted.StartupTime.TotalSeconds:N2} s wall, {restarted.StartupCpu.TotalSeconds:N2} s CPU");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        // A fresh database without the seed file: migrations and the default tenant only (the bench seed hashes 64
        // passwords with the production Argon2id cost, which is the seed's cost, not start-up's).
        var empty = Path.Combine(Path.GetTempPath(), "authgate-measure-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(empty);
        try
        {
            await using var bare = await ServerUnderTest.StartAuthgateAsync(empty, [$"--Authgate:DataDirectory={empty}", "--Authgate:Demo=false"]);
            lines.Add($"start to ready, fresh database without a seed: {bare.StartupTime.TotalSeconds:N2} s wall, {bare.StartupCpu.TotalSeconds:N2} s CPU");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(empty, recursive: true);
        }

        lines.Add($"load average at end: {LoadAverage()}");
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }
    }

    private static Task<bool> ClientCredentialsAsync(HttpClient h) => BenchRunner.SendAsync(h, BenchRunner.Form(("grant_type", "client_credentials"), ("client_id", BenchTenant.MachineClientId),
        ("client_secret", BenchTenant.MachineClientSecret), ("audience", BenchTenant.Api)));

    private static async Task<string> CpuPerRequestAsync(ServerUnderTest server, string name, Func<Task<LoadResult>> run)
    {
        var before = server.CpuTime();
        var result = await run();
        var cpu = server.CpuTime() - before;
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}: server CPU {cpu.TotalMilliseconds / Math.Max(1, result.Completed):N3} ms/request over {result.Completed:N0} requests ({result.Throughput:N0}/s, p99 {result.P99Ms:N1} ms, errors {result.Errors})");
    }

    private static string Memory(ServerUnderTest server, string when)
    {
        var split = server.MemorySplitMiB();
        return string.Create(CultureInfo.InvariantCulture,
            $"RSS {when}: {server.ResidentMemoryMiB():N1} MiB = private dirty {split.GetValueOrDefault("Private_Dirty"):N1} + private clean {split.GetValueOrDefault("Private_Clean"):N1} + shared clean {split.GetValueOrDefault("Shared_Clean"):N1} (anon {split.GetValueOrDefault("Pss_Anon"):N1}, file {split.GetValueOrDefault("Pss_File"):N1}, shmem {split.GetValueOrDefault("Pss_Shmem"):N1})");
    }

    /// <summary>The runtime's own GC figures from <c>/metrics</c> (System.Runtime meter).</summary>
    private static async Task<string> GcAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var interesting = text.Split('\n')
            .Where(l => l.StartsWith("dotnet_gc_", StringComparison.Ordinal) || l.StartsWith("dotnet_process_memory", StringComparison.Ordinal) || l.StartsWith("dotnet_jit_compiled_il", StringComparison.Ordinal)
                || l.StartsWith("dotnet_assembly_count", StringComparison.Ordinal) || l.StartsWith("authgate_db_sqlite", StringComparison.Ordinal) || l.StartsWith("dotnet_thread_pool_thread_count", StringComparison.Ordinal))
            .Select(l => "  " + l.Replace(",otel_scope_name=\"System.Runtime\"", "", StringComparison.Ordinal).Replace("otel_scope_name=\"System.Runtime\",", "", StringComparison.Ordinal));
        return "runtime:\n" + string.Join('\n', interesting);
    }

    /// <summary>
    /// Resident memory by kind of mapping (smaps): the GC's and other anonymous regions by size, the native heap,
    /// the runtime's double-mapped code, files by name; and how many database handles are open.
    /// </summary>
    private static string Mappings(int pid)
    {
        var groups = new Dictionary<string, double>();
        string? current = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-', StringComparison.Ordinal) && !parts[0].EndsWith(':'))
            {
                var range = parts[0].Split('-');
                var size = (Convert.ToUInt64(range[1], 16) - Convert.ToUInt64(range[0], 16)) / (1024.0 * 1024);
                current = parts.Length >= 6 ? Path.GetFileName(string.Join(' ', parts[5..])) : size >= 64 ? "anon (>= 64 MiB reservations: GC)" : size >= 1 ? "anon 1-64 MiB" : "anon < 1 MiB";
            }
            else if (current is not null && parts.Length == 3 && parts[0] == "Rss:")
            {
                groups[current] = groups.GetValueOrDefault(current) + double.Parse(parts[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        var databaseHandles = Directory.GetFiles($"/proc/{pid}/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.EndsWith("authgate.db", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });
        return $"resident by mapping (MiB), {databaseHandles} open database handles:\n" + string.Join('\n', groups.OrderByDescending(g => g.Value).Take(14).Select(g => string.Create(CultureInfo.InvariantCulture, $"  {g.Value,7:N1}  {g.Key}")));
    }

    private static async Task InsertTokensAsync(string directory, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "authgate.db")};Default Timeout=120");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=120000; " + BenchTenant.StoredRefreshTokensSql(count, postgres: false);
        await command.ExecuteNonQueryAsync();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}

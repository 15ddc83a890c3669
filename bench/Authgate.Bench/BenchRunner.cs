using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Authgate.Bench;

/// <summary>Ceilings, then every scenario against a fresh Authgate, then the report.</summary>
public sealed class BenchRunner(BenchOptions options)
{
    private readonly Report report = new();
    private ServerProbe? probe;
    private bool overlapping;

    /// <summary>The server under test's address, for the scenarios wrk drives.</summary>
    private string serverUrl = "";

    public async Task<Report> RunAsync()
    {
        Console.WriteLine($"Authgate benchmark ({(options.Quick ? "quick" : "full")}, {(options.Postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores)");
        Wrk.EnsureInstalled();
        MeasureCeilings();
        await MeasureHttpCeilingAsync();

        var directory = Path.Combine(Path.GetTempPath(), "authgate-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        using var cluster = options.Postgres ? new PostgresCluster(durable: true) : null;
        try
        {
            await RunScenariosAsync(directory, cluster);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        // Again at the end: a neighbour's load only ever lowers a ceiling, so the higher of the two is the machine's
        // limit (and a ratio over a ceiling that drifted low in one measurement is not inflated by it).
        if (!options.Quick)
        {
            MeasureCeilings();
            await MeasureHttpCeilingAsync();
        }

        return report;
    }

    private void MeasureCeilings()
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} Ceilings…");
        report.AddCeiling("hash_verify_per_s", Ceilings.HashVerifyPerSecond(options.CeilingDuration));
        if (Ceilings.ServerHashBackend == "avx512")
        {
            report.AddCeiling("hash_verify_avx2_per_s", Ceilings.HashVerifyPerSecond(options.CeilingDuration, "avx2"));
        }

        report.AddCeiling("hash_verify_libargon2_per_s", Ceilings.HashVerifyPerSecond(options.CeilingDuration, "libargon2"));
        report.AddCeiling("hash_verify_libsodium_per_s", Ceilings.HashVerifyPerSecond(options.CeilingDuration, "libsodium"));
        report.AddCeiling("rs256_sign_per_s", Ceilings.Rs256SignPerSecond(options.CeilingDuration));
        report.AddCeiling("es256_sign_per_s", Ceilings.Es256SignPerSecond(options.CeilingDuration));
    }

    private async Task MeasureHttpCeilingAsync()
    {
        await using var noop = await ServerUnderTest.StartNoopAsync();
        var baseUrl = noop.BaseUrl.TrimEnd('/');
        var result = await WarmThenMeasureAsync(baseUrl + "/noop", "noop.lua");
        if (report.AddCeiling("http_form_post_per_s", result.Throughput))
        {
            report.Scenarios["http_ceiling"] = result;
        }

        // Not a ceiling of the machine but of every token grant on it: Kestrel, the form, the RS256 ceiling's token and
        // its JSON answer, nothing else. What a grant reaches below it is the grant's own work.
        report.AddCeiling("sign_and_answer_per_s", (await WarmThenMeasureAsync(baseUrl + "/sign", "sign.lua")).Throughput);
    }

    private async Task<LoadResult> WarmThenMeasureAsync(string url, string script)
    {
        // The no-op server is JIT-compiled, not ReadyToRun, and under load here its tier-1 code takes 4-6 s to replace
        // the first (28,000 then 35,000 then 78,000 requests/s in 2-s slices): warm up until a slice gains under 5 %.
        var best = 0.0;
        var warm = TimeSpan.Zero;
        for (var slice = 0; slice < 10; slice++)
        {
            var throughput = (await Wrk.RunAsync(url, script, 32, TimeSpan.FromSeconds(2))).Throughput;
            warm += TimeSpan.FromSeconds(2);
            if (warm >= options.Warmup && throughput < best * 1.05)
            {
                break;
            }

            best = Math.Max(best, throughput);
        }

        return await Wrk.RunAsync(url, script, 32, options.Duration);
    }

    /// <summary>
    /// One scenario under <c>perf record</c> for <paramref name="seconds"/>, then the server's hottest symbols (recorded
    /// system-wide and filtered by the server's pid: attaching to a pid fails in some containers; the server runs
    /// with <c>DOTNET_PerfMapEnabled=1</c> so JIT-compiled frames have names). Needs <c>perf</c> (Debian: linux-perf).
    /// </summary>
    public Task ProfileAsync(string scenario, int seconds, bool withAction = false) => OnWarmServerAsync("profile",
        new Dictionary<string, string> { ["DOTNET_PerfMapEnabled"] = "1", ["DOTNET_EnableWriteXorExecute"] = "0" }, async (server, http, load) =>
    {
        if (withAction)
        {
            // The seed's "Customize tokens" Action bound to post-login, as the actions bench binds it.
            var management = await ActionsBench.ManagementTokenAsync(http, server.BaseUrl);
            await ActionsBench.BindAsync(http, management, await ActionsBench.DeploySeedActionAsync(http, management));
        }

        var chains = await ChainsAsync(http, 32);
        var accessToken = scenario == "userinfo" ? await AccessTokenAsync(http, "openid profile email") : "";
        var counter = 0;
        Func<HttpClient, int, Task<bool>> request = scenario switch
        {
            "password" => (h, i) => SendAsync(h, Password(BenchTenant.User(i % options.Users), BenchTenant.Password, realm: false)),
            "refresh" => (h, i) => RefreshOnceAsync(h, chains, i),
            "client_credentials" or "client_credentials_distinct" => (h, _) => SendAsync(h, Form(("grant_type", "client_credentials"), ("client_id", BenchTenant.MachineClientId),
                ("client_secret", BenchTenant.MachineClientSecret), ("audience", scenario == "client_credentials" ? BenchTenant.Api : BenchTenant.DistinctApi))),
            "userinfo" => async (h, _) =>
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, "/userinfo");
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                using var response = await h.SendAsync(message);
                await response.Content.LoadIntoBufferAsync();
                return response.IsSuccessStatusCode;
            },
            "jwks" => async (h, _) =>
            {
                using var response = await h.GetAsync("/.well-known/jwks.json");
                await response.Content.LoadIntoBufferAsync();
                return response.IsSuccessStatusCode;
            },
            "wrong_password" or "flood" => (h, _) => SendAsync(h, Password($"nobody{Interlocked.Increment(ref counter)}@bench.test", "wrong", realm: false)).ContinueWith(_ => true, TaskScheduler.Default),
            _ => throw new ArgumentException($"Unknown scenario {scenario}: password, refresh, client_credentials, client_credentials_distinct, userinfo, jwks, wrong_password, flood."),
        };
        // "flood" is the lane scenario's flood: more concurrent wrong passwords than the lane lets one caller queue.
        var concurrency = scenario switch { "password" or "wrong_password" => 8, "flood" => 48, _ => 32 };
        var cpuBefore = server.CpuTime();
        var running = load.ClosedLoopAsync(concurrency, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(seconds + 2), request);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var data = Path.Combine(Path.GetTempPath(), $"authgate-{scenario}.perf");
        using (var perf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("perf",
            $"record -F 499 -g -a -o {data} -- sleep {seconds}") { RedirectStandardError = true, UseShellExecute = false })!)
        {
            await perf.WaitForExitAsync();
        }

        var result = await running;
        var cpu = server.CpuTime() - cpuBefore;
        Console.WriteLine($"{scenario}: {result.Throughput:N0}/s, p99 {result.P99Ms:N1} ms, server CPU {cpu.TotalMilliseconds / Math.Max(1, result.Requests):N3} ms per request (incl. warm-up share), errors {result.Errors}");
        Console.WriteLine($"perf data: {data} (perf report -i {data} --no-children --sort sym)");
        using var report = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("perf",
            $"report -i {data} --pid {server.Pid} --no-children --sort dso,sym --stdio --percent-limit 0.7") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var lines = (await report.StandardOutput.ReadToEndAsync()).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('%') && !l.TrimStart().StartsWith('-') && !l.TrimStart().StartsWith('|'));
        foreach (var line in lines.Take(60))
        {
            Console.WriteLine(line);
        }
    });

    /// <summary>
    /// Starts Authgate on a fresh database (a throwaway cluster with <c>--postgres</c>), warms every path up until the
    /// JIT has settled, runs <paramref name="run"/>, then stops the server and deletes what it made.
    /// </summary>
    private async Task OnWarmServerAsync(string purpose, IReadOnlyDictionary<string, string>? environment, Func<ServerUnderTest, HttpClient, LoadGenerator, Task> run)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"authgate-{purpose}-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        using var cluster = options.Postgres ? new PostgresCluster(durable: true) : null;
        try
        {
            var (args, _) = await ServerArgsAsync(directory, cluster);
            await using var server = await ServerUnderTest.StartAuthgateAsync(directory, args, environment: environment);
            using var http = Client(server.BaseUrl, 128);
            using var metrics = Client(server.BaseUrl, 1);
            probe = new ServerProbe(server, metrics);
            serverUrl = server.BaseUrl.TrimEnd('/');
            var load = new LoadGenerator(http);
            await WarmUpAsync(http, load);
            probe = null;
            await run(server, http, load);
        }
        finally
        {
            probe = null;
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The protected lane's pair (refresh at 100/s idle, then during a wrong-password flood), logins alone, and logins
    /// beside a saturating refresh load, <paramref name="rounds"/> times on one server: to compare how the hashing
    /// threads are scheduled (run it alternately with the server's environment changed) without the rest of <c>all</c>.
    /// </summary>
    public Task LaneAsync(int rounds) => OnWarmServerAsync("lane", environment: null, async (server, http, load) =>
    {
        foreach (var task in Directory.GetDirectories($"/proc/{server.Pid}/task"))
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            if (stat.Contains("(authgate-hash", StringComparison.Ordinal))
            {
                // Fields after the name: the 41st of the line is the scheduling policy (0 normal, 5 SCHED_IDLE), the 19th the nice value.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                Console.WriteLine($"{stat[..stat.IndexOf(')')]}): policy {fields[38]}, nice {fields[16]}");
            }
        }

        Func<HttpClient, int, Task<bool>> login = (h, i) => SendAsync(h, Password(BenchTenant.User(i % options.Users), BenchTenant.Password, realm: false));
        for (var round = 1; round <= rounds; round++)
        {
            await FloodScenariosAsync(http, lanePairOnly: true);
            var idle = report.Scenarios["lane_refresh_idle"];
            var during = report.Scenarios["lane_refresh_during_flood"];
            var flood = report.Scenarios["lane_flood"];
            Console.WriteLine($"round {round}: refresh p99 idle {idle.P99Ms:N2} ms, during the flood {during.P99Ms:N2} ms (p50 {idle.P50Ms:N2} / {during.P50Ms:N2}), " +
                $"ratio {report.Ratios["lane_refresh_p99_flood_vs_idle"]:N2}; flood {flood.Throughput:N0}/s");
            var beside = report.Scenarios["lane_refresh_beside_refused_client"];
            Console.WriteLine($"round {round}: refresh p99 beside a client past its quota {beside.P99Ms:N2} ms (p50 {beside.P50Ms:N2}), " +
                $"ratio {report.Ratios["lane_refresh_p99_refused_client_vs_idle"]:N2}; refusals {report.Scenarios["refused_client_flood"].Throughput:N0}/s");

            // Logins alone: the hashing threads give way to every other thread, the database's too.
            var alone = await load.ClosedLoopAsync(8, options.Warmup, options.Duration, login);
            Console.WriteLine($"round {round}: logins alone {alone.Throughput:N1}/s, p99 {alone.P99Ms:N0} ms, errors {alone.Errors}");

            // The other side of the trade: logins while token requests alone would fill both cores.
            var chains = await ChainsAsync(http, 32);
            using var loginClient = Client(http.BaseAddress!.ToString(), 16);
            var logins = new LoadGenerator(loginClient).ClosedLoopAsync(8, options.Warmup, options.Duration, login);
            var refreshes = await load.ClosedLoopAsync(32, options.Warmup, options.Duration, (h, i) => RefreshOnceAsync(h, chains, i));
            var loginResult = await logins;
            Console.WriteLine($"round {round}: under a saturating refresh load ({refreshes.Throughput:N0}/s), logins {loginResult.Throughput:N1}/s, login p99 {loginResult.P99Ms:N0} ms, errors {loginResult.Errors}");
        }
    });

    internal async Task<List<string>> ServerArgsForMeasureAsync(string directory) => (await ServerArgsAsync(directory, null)).Args;

    internal Task<string[]> ChainsForMeasureAsync(HttpClient http, int count) => ChainsAsync(http, count);

    private async Task<(List<string> Args, string? Postgres)> ServerArgsAsync(string directory, PostgresCluster? cluster)
    {
        var seed = Path.Combine(directory, "tenant.json");
        await File.WriteAllTextAsync(seed, BenchTenant.SeedJson(options.Users));
        List<string> args =
        [
            $"--Authgate:DataDirectory={directory}",
            $"--Authgate:SeedFile={seed}",
            "--Authgate:Demo=false",
            $"--Authgate:Bootstrap:ClientId={BenchTenant.ManagementClientId}",
            $"--Authgate:Bootstrap:ClientSecret={BenchTenant.ManagementClientSecret}",
            // The load comes from one IP and one client: the endpoint limits would measure themselves.
            "--Authgate:Protection:TokenRequestsPerIpPerMinute=0",
            "--Authgate:Protection:TokenRequestsPerClientPerMinute=0",
            "--Authgate:Protection:LoginsPerUserAndIpPerMinute=100000000",
            "--Authgate:RefreshTokens:ExchangesPerTokenPerMinute=100000000",
            // The breakdown per scenario comes from the server's own metrics.
            "--Authgate:Observability:Prometheus=true",
        ];
        string? postgres = null;
        if (cluster is not null)
        {
            cluster.EnsureDatabase("authgate_bench");
            // The pool size docs/DEPLOYMENT.md recommends, and Npgsql's default idle lifetime (5 minutes): the test suite's
            // clusters use a smaller pool and 10 s, under which the pool closed and reopened connections between and
            // during scenarios, and each new backend's first statements took 60-390 ms on the loaded cores.
            postgres = new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString("authgate_bench")) { MaxPoolSize = 50, ConnectionIdleLifetime = 300 }.ConnectionString;
            args.Add("--Authgate:Database:Provider=postgres");
            args.Add($"--ConnectionStrings:Authgate={postgres}");
        }

        return (args, postgres);
    }

    private async Task RunScenariosAsync(string directory, PostgresCluster? cluster)
    {
        var (args, postgres) = await ServerArgsAsync(directory, cluster);
        await using (var fresh = await ServerUnderTest.StartAuthgateAsync(directory, args))
        {
            report.Memory["startup_fresh_database_s"] = fresh.StartupTime.TotalSeconds;
        }

        // The scenarios run on a node started on its existing database, as token-serving nodes run: the seed (applied
        // through the admin services, with EF) and any Management API request load EF's query pipeline for the
        // process's lifetime, which a node that only serves tokens never does (docs/DEPLOYMENT.md). The seed allows
        // loopback through the per-IP protections, so no Management request is needed; one is made at the end to
        // report what it adds.
        SqliteConnection.ClearAllPools();
        await using (var server = await ServerUnderTest.StartAuthgateAsync(directory, args))
        {
            using var http = Client(server.BaseUrl, 128);
            using var metrics = Client(server.BaseUrl, 1);
            probe = new ServerProbe(server, metrics);
            serverUrl = server.BaseUrl.TrimEnd('/');
            var load = new LoadGenerator(http);
            await WarmUpAsync(http, load);
            await PasswordScenariosAsync();
            var refresh = await RefreshScenarioAsync(http);
            report.Memory["rss_steady_refresh_load_mib"] = server.ResidentMemoryMiB();
            foreach (var (name, mib) in server.MemorySplitMiB())
            {
                report.Memory[$"rss_refresh_load_{name.ToLowerInvariant()}_mib"] = mib;
            }

            var clientCredentials = await ClientCredentialsScenarioAsync();
            await ClientCredentialsScenarioAsync("client_credentials_distinct", distinct: true);
            await ReadScenariosAsync(http);
            await FloodScenariosAsync(http);
            await HalfPeakScenariosAsync(http, refresh, clientCredentials);
            await StoredTokensScenarioAsync(http, server, directory, postgres);
            await ManagementRequestAsync(http, server.BaseUrl);
            report.Memory["rss_after_a_management_request_mib"] = server.ResidentMemoryMiB();
            probe = null;
        }

        await using var restarted = await ServerUnderTest.StartAuthgateAsync(directory, args);
        report.Memory["startup_existing_database_s"] = restarted.StartupTime.TotalSeconds;
    }

    /// <summary>Runs a scenario and records it with the server's CPU and metrics over it.</summary>
    private async Task<LoadResult> MeasureAsync(string name, Func<Task<LoadResult>> run)
    {
        var before = probe is null ? null : await probe.SnapshotAsync();
        var result = await run();
        report.Scenarios[name] = result;
        if (probe is not null && before is not null && !overlapping)
        {
            var breakdown = Breakdown.From(before, await probe.SnapshotAsync(), result.Completed);
            report.Breakdowns[name] = breakdown;
            Console.WriteLine($"  {name}: {result.Throughput:N0}/s, p99 {result.P99Ms:N1} ms; {breakdown}");
        }

        return result;
    }

    /// <summary>
    /// Every path under load before anything is measured, in rounds, until the JIT has settled: tiered compilation
    /// keeps recompiling hot methods for a while after start (on a loaded machine, for tens of seconds), and that
    /// background work would be counted against whichever scenario runs first. Read from the server's own
    /// <c>dotnet.jit.compilation.time</c> when its metrics are on.
    /// </summary>
    private async Task WarmUpAsync(HttpClient http, LoadGenerator load)
    {
        Console.WriteLine("Warming up every path…");
        var chains = await ChainsAsync(http, 8);
        var round = TimeSpan.FromSeconds(options.Quick ? 2 : 3);
        var maxRounds = options.Quick ? 10 : 20;
        for (var i = 1; i <= maxRounds; i++)
        {
            var before = probe is null ? null : await probe.SnapshotAsync();
            await load.ClosedLoopAsync(8, TimeSpan.Zero, round, (h, i) => (i % 4) switch
            {
                0 => SendAsync(h, Password(BenchTenant.User(i % options.Users), BenchTenant.Password, realm: i % 8 == 0)),
                1 => SendAsync(h, Form(("grant_type", "client_credentials"), ("client_id", BenchTenant.MachineClientId),
                    ("client_secret", BenchTenant.MachineClientSecret), ("audience", BenchTenant.Api))),
                2 => RefreshOnceAsync(h, chains, i),
                _ => SendAsync(h, Password($"nobody-warmup-{i}@bench.test", "wrong", realm: false)).ContinueWith(_ => true, TaskScheduler.Default),
            });
            if (probe is null || before is null)
            {
                return;
            }

            var after = await probe.SnapshotAsync();
            var jit = after.Series.GetValueOrDefault("dotnet_jit_compilation_time_seconds_total") - before.Series.GetValueOrDefault("dotnet_jit_compilation_time_seconds_total");
            Console.WriteLine($"  warm-up round {i}: {jit:0.00} s of JIT");
            if (jit < 0.02 * round.TotalSeconds)
            {
                report.Memory["warmup_rounds_until_jit_settled"] = i;
                return;
            }
        }

        report.Memory["warmup_rounds_until_jit_settled"] = double.NaN;
    }

    internal static async Task<bool> RefreshOnceAsync(HttpClient http, string[] chains, int i)
    {
        using var response = await http.PostAsync("/oauth/token", Form(("grant_type", "refresh_token"), ("refresh_token", chains[i]),
            ("client_id", BenchTenant.WebClientId), ("client_secret", BenchTenant.WebClientSecret)));
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        chains[i] = json.RootElement.GetProperty("refresh_token").GetString()!;
        return true;
    }

    private async Task PasswordScenariosAsync()
    {
        Console.WriteLine("Password grants…");
        var users = options.Users.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WrkScenarioAsync("password", "/oauth/token", "password.lua", 8, () => Task.FromResult<string[]>([users]));
        await WrkScenarioAsync("password_realm", "/oauth/token", "password.lua", 8, () => Task.FromResult<string[]>([users, "realm"]));
    }

    /// <summary>
    /// A scenario under wrk, closed loop or paced at <paramref name="rate"/>: a warm-up run, then the measured one with
    /// the server's metrics around it. <paramref name="arguments"/> is asked again for each run (a refresh run spends
    /// the tokens it is given).
    /// </summary>
    private async Task<LoadResult> WrkScenarioAsync(string name, string path, string? script, int connections, Func<Task<string[]>>? arguments = null, double? rate = null)
    {
        var url = serverUrl + path;
        Task<LoadResult> Run(TimeSpan duration, string[] args) => rate is { } perSecond
            ? Wrk.PacedAsync(url, script, perSecond, connections, duration, args)
            : Wrk.RunAsync(url, script, connections, duration, args);
        await Run(options.Warmup, arguments is null ? [] : await arguments());
        var measured = arguments is null ? [] : await arguments();
        return await MeasureAsync(name, () => Run(options.Duration, measured));
    }

    private async Task<string[]> ChainsAsync(HttpClient http, int count)
    {
        var chains = new string[count];
        for (var i = 0; i < count; i++)
        {
            chains[i] = await LoginForRefreshAsync(http, i % options.Users);
        }

        return chains;
    }

    /// <summary>
    /// Rotating refresh under wrk (<c>refresh.lua</c>): each connection follows its own chain, every answer's token being
    /// the next request's; each run gets new chains, since a run spends the tokens it was given.
    /// </summary>
    /// <param name="chains">Each run's chains, one more than connections (default: new logins).</param>
    private async Task<LoadResult> RefreshScenarioAsync(HttpClient http, string name = "refresh_rotation", int connections = 32, double? rate = null, Func<Task<string[]>>? chains = null)
    {
        Console.WriteLine($"Refresh ({name})…");
        var file = Path.Combine(Path.GetTempPath(), $"authgate-bench-chains-{Guid.NewGuid():N}.txt");
        try
        {
            return await WrkScenarioAsync(name, "/oauth/token", "refresh.lua", connections, async () =>
            {
                // One more than connections: wrk checks the script with a request() on its first thread, never sent.
                await File.WriteAllLinesAsync(file, chains is null ? await ChainsAsync(http, connections + 1) : await chains());
                return [file];
            }, rate);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// One machine client asking again and again, as clients that do not keep their token do: its identical tokens of
    /// the same second are signed once. With <see cref="BenchTenant.DistinctApi"/> every token has its own <c>jti</c>,
    /// so every request is signed: what a token costs when it cannot be repeated.
    /// </summary>
    private async Task<LoadResult> ClientCredentialsScenarioAsync(string name = "client_credentials", bool distinct = false, int connections = 32, double? rate = null)
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} Client credentials ({name})…");
        return await WrkScenarioAsync(name, "/oauth/token", "client_credentials.lua", connections,
            () => Task.FromResult<string[]>(distinct ? ["distinct"] : []), rate);
    }

    private async Task ReadScenariosAsync(HttpClient http)
    {
        Console.WriteLine("Userinfo and JWKS…");
        // One user's token from every connection (userinfo.lua cycles through the file's tokens).
        var file = Path.Combine(Path.GetTempPath(), $"authgate-bench-access-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, await AccessTokenAsync(http, "openid profile email") + "\n");
        try
        {
            await WrkScenarioAsync("userinfo", "/userinfo", "userinfo.lua", 32, () => Task.FromResult<string[]>([file]));
        }
        finally
        {
            File.Delete(file);
        }

        await WrkScenarioAsync("jwks", "/.well-known/jwks.json", null, 32);
        await WrkScenarioAsync("discovery", "/.well-known/openid-configuration", null, 32);
    }

    private static async Task<string> AccessTokenAsync(HttpClient http, string scope)
    {
        using var login = await http.PostAsync("/oauth/token", Password(BenchTenant.User(0), BenchTenant.Password, realm: false, scope: scope));
        return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task FloodScenariosAsync(HttpClient http, bool lanePairOnly = false)
    {
        Console.WriteLine("Wrong-password flood and the protected lane…");
        if (!lanePairOnly)
        {
            await WrkScenarioAsync("wrong_password_flood", "/oauth/token", "wrong_password.lua", 16);
        }

        var idle = await RefreshScenarioAsync(http, "lane_refresh_idle", connections: 4, rate: 100);
        // The chains of the run beside the flood log in before it starts: logins queue in the hashing lane like the flood's.
        var prepared = new Queue<string[]>([await ChainsAsync(http, 5), await ChainsAsync(http, 5)]);
        var flood = Wrk.RunAsync(serverUrl + "/oauth/token", "wrong_password.lua", 48, options.Warmup + options.Duration + TimeSpan.FromSeconds(2));
        overlapping = true; // the server's metrics would mix both loads
        var during = await RefreshScenarioAsync(http, "lane_refresh_during_flood", connections: 4, rate: 100, chains: () => Task.FromResult(prepared.Dequeue()));
        overlapping = false;
        report.Scenarios["lane_flood"] = await flood;
        report.Ratios["lane_refresh_p99_flood_vs_idle"] = P99VersusIdle(during);

        // One client past its quota asking again and again: no hashing, only refusals, each held before it is sent.
        var refused = Wrk.RunAsync(serverUrl + "/oauth/token", "refused_client.lua", 48, options.Warmup + options.Duration + TimeSpan.FromSeconds(2));
        overlapping = true;
        var beside = await RefreshScenarioAsync(http, "lane_refresh_beside_refused_client", connections: 4, rate: 100);
        overlapping = false;
        report.Scenarios["refused_client_flood"] = await refused;
        report.Ratios["lane_refresh_p99_refused_client_vs_idle"] = P99VersusIdle(beside);

        // No answer inside the window at all is a miss, not a ratio of zero.
        double P99VersusIdle(LoadResult run) => run.Requests == 0 ? double.PositiveInfinity : run.P99Ms / Math.Max(idle.P99Ms, 0.001);
    }

    private async Task HalfPeakScenariosAsync(HttpClient http, LoadResult refresh, LoadResult clientCredentials)
    {
        await RefreshScenarioAsync(http, "refresh_half_peak", connections: 16, rate: refresh.Throughput / 2);
        await ClientCredentialsScenarioAsync("client_credentials_half_peak", connections: 16, rate: clientCredentials.Throughput / 2);
    }

    private async Task StoredTokensScenarioAsync(HttpClient http, ServerUnderTest server, string directory, string? postgres)
    {
        Console.WriteLine($"Inserting {options.StoredRefreshTokens:N0} refresh tokens…");
        var sql = BenchTenant.StoredRefreshTokensSql(options.StoredRefreshTokens, postgres is not null);
        if (postgres is null)
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "authgate.db")};Default Timeout=120");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout=120000; " + sql;
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }

        await RefreshScenarioAsync(http, "refresh_with_stored_tokens");
        report.Memory["rss_after_stored_refresh_tokens_mib"] = server.ResidentMemoryMiB();
        report.Memory["stored_refresh_tokens"] = options.StoredRefreshTokens;
    }

    /// <summary>One Management API token and list, as an operator's script would make on any node.</summary>
    internal static async Task ManagementRequestAsync(HttpClient http, string baseUrl)
    {
        using var token = await http.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", BenchTenant.ManagementClientId),
            ("client_secret", BenchTenant.ManagementClientSecret), ("audience", baseUrl.TrimEnd('/') + "/api/v2/")));
        token.EnsureSuccessStatusCode();
        var bearer = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/clients?per_page=5");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>For a server seeded without <see cref="BenchTenant.SeedJson"/>'s allowlist (the Actions bench's).</summary>
    internal static async Task AllowLoopbackAsync(HttpClient http, string baseUrl)
    {
        // One machine plays every user: exempt loopback from the per-IP protections so floods measure hashing.
        using var token = await http.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", BenchTenant.ManagementClientId),
            ("client_secret", BenchTenant.ManagementClientSecret), ("audience", baseUrl.TrimEnd('/') + "/api/v2/")));
        token.EnsureSuccessStatusCode();
        var bearer = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        foreach (var (path, body) in new[]
        {
            ("brute-force-protection", """{"allowlist":["127.0.0.0/8"]}"""),
            ("suspicious-ip-throttling", """{"allowlist":["127.0.0.0/8"]}"""),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v2/attack-protection/" + path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
        }
    }

    internal static async Task<string> LoginForRefreshAsync(HttpClient http, int user)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsync("/oauth/token", Password(BenchTenant.User(user), BenchTenant.Password, realm: false, scope: "offline_access read:bench"));
            // Right after a flood the hashing lane still holds the checks wrk abandoned when it stopped, and refuses
            // this caller's new ones until they are done: wait as Retry-After says, as a client would.
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && attempt < 20)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("refresh_token").GetString()!;
        }
    }

    internal static async Task<bool> SendAsync(HttpClient http, HttpContent form)
    {
        using var response = await http.PostAsync("/oauth/token", form);
        await response.Content.LoadIntoBufferAsync();
        return response.IsSuccessStatusCode;
    }

    internal static FormUrlEncodedContent Password(string username, string password, bool realm, string scope = "read:bench") => Form(
        ("grant_type", realm ? "http://auth0.com/oauth/grant-type/password-realm" : "password"),
        ("username", username), ("password", password), ("audience", BenchTenant.Api), ("scope", scope),
        ("client_id", BenchTenant.WebClientId), ("client_secret", BenchTenant.WebClientSecret),
        ("realm", realm ? BenchTenant.Connection : ""));

    internal static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Where(f => f.Value.Length > 0).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    internal static HttpClient Client(string baseUrl, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(60),
    };
}

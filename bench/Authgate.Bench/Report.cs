using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Authgate.Bench;

/// <summary>What a run measured, written as BENCHMARKS.md and bench/results/latest.json.</summary>
public sealed class Report
{
    /// <summary>Each ceiling's highest measurement in the run (what the ratios divide by).</summary>
    public Dictionary<string, double> Ceilings => CeilingMeasurements.ToDictionary(c => c.Key, c => c.Value.Max());

    /// <summary>Every measurement of each ceiling, in order (the start of the run, then its end).</summary>
    public Dictionary<string, List<double>> CeilingMeasurements { get; } = [];

    /// <summary>Records one measurement of a ceiling; true when it is the highest so far.</summary>
    public bool AddCeiling(string name, double perSecond)
    {
        var all = CeilingMeasurements.TryGetValue(name, out var earlier) ? earlier : CeilingMeasurements[name] = [];
        var highest = all.Count == 0 || perSecond > all.Max();
        all.Add(perSecond);
        return highest;
    }
    public Dictionary<string, LoadResult> Scenarios { get; } = [];
    public Dictionary<string, Breakdown> Breakdowns { get; } = [];
    public Dictionary<string, double> Ratios { get; } = [];
    public Dictionary<string, double> Memory { get; } = [];
    public List<MicroResult> Micro { get; } = [];

    public sealed record MicroResult(string Name, double MeanMicroseconds, long AllocatedBytes);

    private string Measured(string name) => CeilingMeasurements.TryGetValue(name, out var all)
        ? string.Join(" / ", all.Select(v => v.ToString(v >= 1000 ? "N0" : "N1", CultureInfo.InvariantCulture)))
        : "";

    public sealed record Target(string Name, double Value, string Goal, bool Met);

    public List<Target> Targets()
    {
        double Scenario(string name) => Scenarios.TryGetValue(name, out var r) ? r.Throughput : 0;
        double P99(string name) => Scenarios.TryGetValue(name, out var r) ? r.P99Ms : double.NaN;
        var hash = Ceilings.GetValueOrDefault("hash_verify_per_s");
        var rs256 = Ceilings.GetValueOrDefault("rs256_sign_per_s");
        var http = Ceilings.GetValueOrDefault("http_form_post_per_s");
        Ratios["password_vs_hash_ceiling"] = Scenario("password") / hash;
        Ratios["password_realm_vs_hash_ceiling"] = Scenario("password_realm") / hash;
        Ratios["refresh_rotation_vs_rs256_ceiling"] = Scenario("refresh_rotation") / rs256;
        Ratios["client_credentials_vs_rs256_ceiling"] = Scenario("client_credentials") / rs256;
        Ratios["client_credentials_distinct_vs_rs256_ceiling"] = Scenario("client_credentials_distinct") / rs256;
        Ratios["userinfo_vs_http_ceiling"] = Scenario("userinfo") / http;
        Ratios["jwks_vs_http_ceiling"] = Scenario("jwks") / http;
        Ratios["discovery_vs_http_ceiling"] = Scenario("discovery") / http;
        Ratios["sign_and_answer_vs_rs256_ceiling"] = Ceilings.GetValueOrDefault("sign_and_answer_per_s", double.NaN) / rs256;
        Ratios["server_argon2_vs_libsodium_verify"] = hash / Ceilings.GetValueOrDefault("hash_verify_libsodium_per_s", double.NaN);
        Ratios["server_argon2_vs_libargon2_verify"] = hash / Ceilings.GetValueOrDefault("hash_verify_libargon2_per_s", double.NaN);
        if (Ceilings.TryGetValue("hash_verify_avx2_per_s", out var avx2))
        {
            Ratios["server_argon2_vs_avx2_verify"] = hash / avx2;
        }

        double Cpu(string name) => Breakdowns.TryGetValue(name, out var b) ? b.CpuMsPerRequest : double.NaN;
        double Mem(string name) => Memory.GetValueOrDefault(name, double.NaN);
        Target AtLeast(string name, double value, double goal) => new(name, value, $"≥ {goal:0.00}", value >= goal);
        Target AtMost(string name, double value, double goal) => new(name, value, $"≤ {goal:0.##}", value <= goal);
        return
        [
            AtLeast("password grant / Argon2id verify ceiling", Ratios["password_vs_hash_ceiling"], 0.90),
            AtLeast("password-realm grant / Argon2id verify ceiling", Ratios["password_realm_vs_hash_ceiling"], 0.90),
            AtLeast("refresh (rotation) / RS256 ceiling", Ratios["refresh_rotation_vs_rs256_ceiling"], Postgres ? 0.50 : 0.70),
            AtLeast("client credentials / RS256 ceiling", Ratios["client_credentials_vs_rs256_ceiling"], 0.85),
            AtLeast("client credentials, every token distinct (RFC 9068 jti) / RS256 ceiling", Ratios["client_credentials_distinct_vs_rs256_ceiling"], 0.85),
            AtLeast("userinfo / HTTP ceiling", Ratios["userinfo_vs_http_ceiling"], 0.30),
            AtLeast("JWKS / HTTP ceiling", Ratios["jwks_vs_http_ceiling"], 0.90),
            AtLeast("discovery / HTTP ceiling", Ratios["discovery_vs_http_ceiling"], 0.90),
            AtMost("refresh p99 at half peak (ms)", P99("refresh_half_peak"), 10),
            AtMost("client credentials p99 at half peak (ms)", P99("client_credentials_half_peak"), 10),
            AtMost("refresh p99 during a password flood / idle", Ratios.GetValueOrDefault("lane_refresh_p99_flood_vs_idle", double.NaN), 2),
            AtMost("server CPU per refresh (ms)", Cpu("refresh_rotation"), 0.8),
            AtMost("server CPU per client-credentials token (ms)", Cpu("client_credentials"), 0.5),
            AtMost("server CPU per distinct client-credentials token (ms)", Cpu("client_credentials_distinct"), 0.5),
            AtMost("RSS under refresh load (MiB)", Mem("rss_steady_refresh_load_mib"), 150),
            AtMost("RSS with the stored refresh tokens (MiB)", Mem("rss_after_stored_refresh_tokens_mib"), 150),
            AtMost("start to ready, existing database (s)", Mem("startup_existing_database_s"), 1),
            AtMost("start to ready, fresh database (s)", Mem("startup_fresh_database_s"), 2),
        ];
    }

    /// <summary>What a signing-bound ratio target leaves for the rest of a request, from this run's own ceilings.</summary>
    public sealed record Headroom(string Name, double Goal, double SignMs, double HttpMs, double Bound, double RestBudgetMs);

    /// <summary>
    /// The ceilings used all cores, so <c>cores / ceiling</c> is what one signature (s) and one no-op form POST with its
    /// load-generator side (h) cost the machine. A token endpoint that did nothing else would reach s / (s + h) of the
    /// RS256 ceiling; at a target g, everything else a request does (reads, writes, checks, JSON) must fit in
    /// s / g − s − h of the cores. A negative budget means no server can meet the target in this run.
    /// </summary>
    public List<Headroom> Headrooms()
    {
        var cores = Environment.ProcessorCount;
        var sign = cores * 1000.0 / Ceilings.GetValueOrDefault("rs256_sign_per_s", double.NaN);
        var http = cores * 1000.0 / Ceilings.GetValueOrDefault("http_form_post_per_s", double.NaN);
        Headroom For(string name, double goal) => new(name, goal, sign, http, sign / (sign + http), (sign / goal) - sign - http);
        return
        [
            For("refresh (rotation)", Postgres ? 0.50 : 0.70),
            For("client credentials, every token distinct", 0.85),
        ];
    }

    /// <summary>Set for a PostgreSQL run (its refresh target is lower: the database shares the two cores).</summary>
    public bool Postgres { get; set; }

    public async Task WriteAsync(string root, BenchOptions options)
    {
        var targets = Targets();
        var headrooms = Headrooms();
        var commit = Git(root, "rev-parse --short HEAD");
        var results = Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "latest.json"), JsonSerializer.Serialize(new
        {
            date = DateTimeOffset.UtcNow,
            commit,
            machine = Machine(),
            options = new { quick = options.Quick, provider = options.Postgres ? "postgres" : "sqlite" },
            ceilings = Ceilings,
            ceiling_measurements = CeilingMeasurements,
            scenarios = Scenarios,
            ratios = Ratios,
            memory = Memory,
            micro = Micro,
            targets,
            headroom = headrooms,
        }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));

        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured by `dotnet run -c Release --project bench/Authgate.Bench -- all{(options.Quick ? " --quick" : "")}{(options.Postgres ? " --postgres" : "")}` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, commit `{commit}`, storage **{(options.Postgres ? "PostgreSQL" : "SQLite")}**.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine()}. Load generators, over loopback on the same cores as the server: wrk for the throughput scenarios and the HTTP ceiling (2 threads, closed loop) and for the half-peak scenarios (paced, bench/tools/wrk/paced.lua), a warm-up run of {options.Warmup.TotalSeconds:0} s, then {options.Duration.TotalSeconds:0} s measured; wrk again for the wrong-password flood and the protected lane (its refreshes paced). Every figure below is also given as a ratio to a ceiling measured in the same run: this machine is shared and absolute numbers drift.");
        md.AppendLine();
        md.AppendLine("## Ceilings (same run, all cores)");
        md.AppendLine();
        md.AppendLine("Measured at the start of the run and again at its end; the ratios divide by the higher of the two (a neighbour's load only");
        md.AppendLine("ever lowers a ceiling), and the last column shows both.");
        md.AppendLine();
        md.AppendLine("| ceiling | per second | start / end |");
        md.AppendLine("|---|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Argon2id verify (m=19 MiB, t=2, p=1), the server's path ({Authgate.Bench.Ceilings.ServerHashBackend}), working memory kept per thread | {Ceilings.GetValueOrDefault("hash_verify_per_s"):N1} | {Measured("hash_verify_per_s")} |");
        if (Ceilings.TryGetValue("hash_verify_avx2_per_s", out var avx2))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| Argon2id verify, same parameters, the server's code in AVX2 registers (its path before, and on processors without AVX-512), working memory kept per thread | {avx2:N1} | {Measured("hash_verify_avx2_per_s")} |");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"| Argon2id verify, same parameters, libargon2 (Debian's portable build), working memory kept per thread (an earlier path; fallback) | {Ceilings.GetValueOrDefault("hash_verify_libargon2_per_s"):N1} | {Measured("hash_verify_libargon2_per_s")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Argon2id verify, same parameters, libsodium (the first path; fallback without libargon2) | {Ceilings.GetValueOrDefault("hash_verify_libsodium_per_s"):N1} | {Measured("hash_verify_libsodium_per_s")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| RS256 access token (RSA-2048, JsonWebTokenHandler) | {Ceilings.GetValueOrDefault("rs256_sign_per_s"):N0} | {Measured("rs256_sign_per_s")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ES256 token (for comparison; Authgate signs RS256 like Auth0) | {Ceilings.GetValueOrDefault("es256_sign_per_s"):N0} | {Measured("es256_sign_per_s")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| HTTP: no-op form POST on Kestrel, wrk, c=32 | {Ceilings.GetValueOrDefault("http_form_post_per_s"):N0} | {Measured("http_form_post_per_s")} |");
        if (Ceilings.ContainsKey("sign_and_answer_per_s"))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| Sign and answer: the same server's `/sign` reads the form, signs the RS256 token above and answers it as JSON, wrk, c=32 (not a machine limit: the most any token grant reaches here) | {Ceilings["sign_and_answer_per_s"]:N0} | {Measured("sign_and_answer_per_s")} |");
        }

        md.AppendLine();
        md.AppendLine("## Scenarios");
        md.AppendLine();
        md.AppendLine("| scenario | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU ms/request |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in Scenarios)
        {
            var cpu = Breakdowns.TryGetValue(name, out var b) ? b.CpuMsPerRequest.ToString("N3", CultureInfo.InvariantCulture) : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.Throughput:N1} | {r.P50Ms:N2} | {r.P90Ms:N2} | {r.P99Ms:N2} | {r.MaxMs:N1} | {r.Errors} | {cpu} |");
        }

        var paced = Scenarios.Where(s => s.Value.TimerLateP99Ms is not null).ToList();
        if (paced.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Paced scenarios (`*_half_peak`, `lane_*`): a request is timed from its scheduled send when its connection was still");
            md.AppendLine("waiting for the previous answer (a server stall counts), else from when the generator's timer released it. Counting every");
            md.AppendLine("request from its scheduled time instead, and the timer's own lateness (p99):");
            md.AppendLine();
            foreach (var (name, r) in paced)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {name}: p99 from the schedule {r.P99FromScheduleMs:N2} ms; timer late by {r.TimerLateP99Ms:N2} ms (p99)");
            }
        }

        md.AppendLine();
        md.AppendLine("## Where the time went (the server's own metrics over each scenario)");
        md.AppendLine();
        md.AppendLine("Per request, server side: the time from the request's arrival at the token endpoint to its answer, split into the");
        md.AppendLine("parts Authgate measures (`docs/OBSERVABILITY.md`); the rest is Kestrel, parsing, client and grant checks, JSON and");
        md.AppendLine("waiting for a thread. Under a closed loop the parts include queueing; CPU is the server process's user+system time");
        md.AppendLine("divided by the requests it answered. \"server p99 ≤ x\" is the upper bound of the histogram bucket holding the token");
        md.AppendLine("endpoint's own 99th percentile: a client-side p99 far above it was spent outside the server.");
        md.AppendLine();
        md.AppendLine("| scenario | breakdown |");
        md.AppendLine("|---|---|");
        foreach (var (name, breakdown) in Breakdowns)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {breakdown} |");
        }

        md.AppendLine();
        md.AppendLine("## Ratios and targets");
        md.AppendLine();
        md.AppendLine("| measure | value | target | met |");
        md.AppendLine("|---|---:|---|---|");
        foreach (var t in targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Value:N2} | {t.Goal} | {(t.Met ? "yes" : "**no**")} |");
        }

        if (Ratios.TryGetValue("lane_refresh_p99_refused_client_vs_idle", out var besideRefused)
            && Scenarios.TryGetValue("refused_client_flood", out var refusedFlood))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Beside one client flooding past its quota (every answer a 429, held; not an issue target): refresh p99 / idle {besideRefused:N2}, the flood answered {refusedFlood.Throughput:N0}/s.");
        }

        md.AppendLine();
        md.AppendLine("What this run's ceilings leave for the signing-bound ratios: one signature (s) and one no-op form POST with");
        md.AppendLine("its load-generator side (h) in milliseconds of the cores (cores / ceiling); a server that did nothing but sign");
        md.AppendLine("would reach s / (s + h); at the target, the rest of a request (reads, writes, checks, JSON) must fit in the budget.");
        md.AppendLine();
        md.AppendLine("| ratio | target | s (ms) | h (ms) | sign-and-answer bound | budget for the rest (ms) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var h in headrooms)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {h.Name} | ≥ {h.Goal:0.00} | {h.SignMs:N3} | {h.HttpMs:N3} | {h.Bound:N2} | {(h.RestBudgetMs < 0 ? "**none** (" + h.RestBudgetMs.ToString("N3", CultureInfo.InvariantCulture) + ")" : h.RestBudgetMs.ToString("N3", CultureInfo.InvariantCulture))} |");
        }

        if (Ratios.TryGetValue("sign_and_answer_vs_rs256_ceiling", out var signAndAnswer) && !double.IsNaN(signAndAnswer))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Measured, not computed: the no-op server's `/sign` (the form, the RS256 ceiling's token, a JSON answer, nothing else) reached {signAndAnswer:N2} of the RS256 ceiling (s / (s + h) above: {headrooms[0].Bound:N2}); rotating refresh reached {Ratios["refresh_rotation_vs_rs256_ceiling"]:N2} and distinct client-credentials tokens {Ratios["client_credentials_distinct_vs_rs256_ceiling"]:N2}. What separates each grant from the first figure is its own work: client authentication, the token's or client's reads, the durable write, the log event.");
        }

        var signature = headrooms[0].SignMs;
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Server CPU per refresh ≤ 0.8 ms leaves {0.8 - signature:N3} ms beside the signature (s = {signature:N3} ms){(signature >= 0.8 ? ": none, in this run" : "")}; the refresh ratio leaves {headrooms[0].RestBudgetMs:N3} ms beside the signature and a no-op POST. Both hold in one run only if the rest of a refresh fits in both.");

        md.AppendLine();
        md.AppendLine("## Memory and start-up");
        md.AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("|---|---:|");
        foreach (var (name, value) in Memory)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value:N2} |");
        }

        if (Micro.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Micro-benchmarks (BenchmarkDotNet, in process)");
            md.AppendLine();
            md.AppendLine("| piece | mean µs | allocated bytes |");
            md.AppendLine("|---|---:|---:|");
            foreach (var m in Micro)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {m.Name} | {m.MeanMicroseconds:N2} | {m.AllocatedBytes:N0} |");
            }
        }

        var analysis = Path.Combine(root, "bench", "ANALYSIS.md");
        if (File.Exists(analysis))
        {
            md.AppendLine();
            md.Append(await File.ReadAllTextAsync(analysis));
        }

        await File.WriteAllTextAsync(Path.Combine(root, "BENCHMARKS.md"), md.ToString());
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string Git(string root, string args)
    {
        try
        {
            var info = new ProcessStartInfo("git", args) { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}

using System.Globalization;

namespace Authgate.Bench;

/// <summary>
/// Where one scenario's time went, from the server's own metrics (deltas over the scenario) and its CPU time:
/// per request, the server-side latency split into the hashing queue, the hash, the hot reads, the database write
/// (queue and group commit), signing and the rest; the CPU per request; group-commit batch sizes; cache hits.
/// </summary>
public sealed record Breakdown(double CpuMsPerRequest, double ServerMs, IReadOnlyDictionary<string, double> PartsMs, IReadOnlyDictionary<string, double> Facts)
{
    public static Breakdown From(ServerProbe.Snapshot before, ServerProbe.Snapshot after, long requests)
    {
        requests = Math.Max(1, requests);
        double Delta(string name, string? label = null) => after.Series
            .Where(s => (s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)) && (label is null || s.Key.Contains(label, StringComparison.Ordinal)))
            .Sum(s => s.Value - before.Series.GetValueOrDefault(s.Key));
        double PerRequestMs(string histogram, string? label = null) => Delta(histogram + "_sum", label) * 1000 / requests;

        var tokenCount = Delta("authgate_token_request_duration_seconds_count");
        // Only the token endpoint is timed by Authgate itself; other scenarios report their CPU alone (userinfo's
        // scenario asks for its one access token inside the window: that login is not userinfo's time).
        var serverMs = tokenCount >= requests / 2 ? Delta("authgate_token_request_duration_seconds_sum") * 1000 / tokenCount : double.NaN;
        var parts = new Dictionary<string, double>
        {
            ["hashing queue"] = PerRequestMs("authgate_hashing_wait_seconds"),
            ["Argon2id"] = PerRequestMs("authgate_hashing_duration_seconds"),
            ["hot reads"] = PerRequestMs("authgate_db_hot_read_duration_seconds"),
            ["db write (queue + commit)"] = (Delta("authgate_db_write_wait_seconds_sum") - Delta("authgate_db_write_wait_seconds_sum", "kind=\"log_events\"")) * 1000 / requests,
            ["signing"] = PerRequestMs("authgate_token_signing_duration_seconds"),
        };
        if (!double.IsNaN(serverMs))
        {
            parts["rest (HTTP, parsing, checks, JSON, waits for a thread)"] = Math.Max(0, serverMs - parts.Values.Sum());
        }

        // The server's own p99 at the token endpoint, as the upper bound of the histogram bucket that holds it: whether
        // a client-side tail (the paced scenarios) was spent in the server or outside it.
        var buckets = after.Series
            .Where(s => s.Key.StartsWith("authgate_token_request_duration_seconds_bucket{", StringComparison.Ordinal))
            .GroupBy(s => UpperBound(s.Key))
            .Select(g => (Le: g.Key, Count: g.Sum(s => s.Value - before.Series.GetValueOrDefault(s.Key))))
            .OrderBy(b => b.Le)
            .ToList();
        var total = buckets.Count > 0 ? buckets[^1].Count : 0;
        var p99Bound = total >= requests / 2 ? buckets.First(b => b.Count >= 0.99 * total).Le * 1000 : double.NaN;

        var batches = Delta("authgate_db_write_batch_duration_seconds_count");
        var hits = Delta("authgate_config_cache_lookups_total", "result=\"hit\"");
        var lookups = Delta("authgate_config_cache_lookups_total");
        var sharedReads = Delta("authgate_db_hot_read_batch_size_count");
        var facts = new Dictionary<string, double>
        {
            ["group commits"] = batches,
            ["writes per group commit"] = batches > 0 ? Delta("authgate_db_write_batch_size_sum") / batches : 0,
            ["group commit ms"] = batches > 0 ? Delta("authgate_db_write_batch_duration_seconds_sum") * 1000 / batches : 0,
            ["requests per shared read"] = sharedReads > 0 ? Delta("authgate_db_hot_read_batch_size_sum") / sharedReads : 0,
            ["config version reads per request"] = Delta("authgate_config_cache_version_check_duration_seconds_count") / requests,
            ["config cache hit ratio"] = lookups > 0 ? hits / lookups : double.NaN,
            ["wal restarts"] = Delta("authgate_db_checkpoint_duration_seconds_count", "pass=\"gated\""),
            ["wal restart ms"] = Delta("authgate_db_checkpoint_duration_seconds_sum", "pass=\"gated\"") * 1000,
            ["server p99 bound ms"] = p99Bound,
            ["RSS MiB after"] = after.ResidentMiB,
            ["GC committed MiB after"] = after.Series.GetValueOrDefault("dotnet_gc_last_collection_memory_committed_size_bytes") / (1024 * 1024),
        };
        return new Breakdown((after.Cpu - before.Cpu).TotalMilliseconds / requests, serverMs, parts, facts);
    }

    /// <summary>A bucket's <c>le</c> label in seconds (<c>+Inf</c> as infinity).</summary>
    private static double UpperBound(string key)
    {
        var start = key.IndexOf("le=\"", StringComparison.Ordinal) + 4;
        var value = key[start..key.IndexOf('"', start)];
        return value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>One line: CPU, server time and its parts.</summary>
    public override string ToString()
    {
        var parts = string.Join(" + ", PartsMs.Where(p => p.Value >= 0.005).Select(p => FormattableString.Invariant($"{p.Key} {p.Value:0.00}")));
        var text = double.IsNaN(ServerMs)
            ? FormattableString.Invariant($"CPU {CpuMsPerRequest:0.000} ms/request")
            : FormattableString.Invariant($"CPU {CpuMsPerRequest:0.000} ms/request; server {ServerMs:0.00} ms = {parts}");
        if (!double.IsNaN(Facts["server p99 bound ms"]))
        {
            text += FormattableString.Invariant($"; server p99 ≤ {Facts["server p99 bound ms"]:0.##} ms");
        }

        if (Facts["writes per group commit"] > 0)
        {
            text += FormattableString.Invariant($"; {Facts["writes per group commit"]:0.0} writes per group commit ({Facts["group commit ms"]:0.00} ms)");
        }

        if (Facts["requests per shared read"] > 0)
        {
            text += FormattableString.Invariant($"; {Facts["requests per shared read"]:0.0} requests per shared user read");
        }

        if (!double.IsNaN(Facts["config cache hit ratio"]))
        {
            text += FormattableString.Invariant($"; config cache hits {Facts["config cache hit ratio"] * 100:0}%, {Facts["config version reads per request"]:0.00} version reads per request");
        }

        if (Facts["wal restarts"] > 0)
        {
            // Writers wait for these: the stall a request may meet once a second.
            text += FormattableString.Invariant($"; {Facts["wal restarts"]:0} gated WAL checkpoints, {Facts["wal restart ms"] / Facts["wal restarts"]:0.00} ms each");
        }

        // Which scenario grows the process (the RSS targets are read after the whole run).
        text += FormattableString.Invariant($"; RSS after {Facts["RSS MiB after"]:0.0} MiB (GC committed {Facts["GC committed MiB after"]:0.0})");
        return text;
    }
}

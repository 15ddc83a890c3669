using System.Diagnostics.Metrics;

namespace Authgate.Observability;

/// <summary>
/// Every Authgate metric, on one meter (<see cref="MeterName"/>) per server instance. Adding a metric is one line
/// here, e.g. <c>public Histogram&lt;double&gt; ScriptDuration { get; } = Seconds(meters, "authgate.actions.script.duration", "…");</c>,
/// then <c>metrics.ScriptDuration.Record(seconds, tags)</c> where it happens; it is exported with the others
/// (Prometheus, OTLP) without further wiring. Instruments cost almost nothing while no exporter is configured.
/// Durations are seconds, as OpenTelemetry's conventions ask; docs/OBSERVABILITY.md lists them all.
/// </summary>
internal sealed class AuthgateMetrics(IMeterFactory meters)
{
    public const string MeterName = "Authgate";

    /// <summary>Bucket bounds for latencies, 20 µs to 10 s: token paths take well under a millisecond of CPU.</summary>
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.00002, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly IReadOnlyList<long> SizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

    public Meter Meter { get; } = meters.Create(MeterName);

    // Requests
    public Histogram<double> TokenRequestDuration { get; } = Seconds(meters, "authgate.token.request.duration", "Time to answer a /oauth/token request, by grant_type and outcome (success or the OAuth error code)");
    public Histogram<double> SigningDuration { get; } = Seconds(meters, "authgate.token.signing.duration", "Time to create and sign one JWT, by alg");
    public Counter<long> SignaturesReused { get; } = Count(meters, "authgate.token.signatures.reused", "RS256/RS512 signatures taken from an identical signing input of the same second instead of computed again");

    // Password hashing
    public Counter<long> PasswordVerifications { get; } = Count(meters, "authgate.password.verifications", "Password hashes verified, including dummy checks for unknown users");
    public Histogram<double> HashingWait { get; } = Seconds(meters, "authgate.hashing.wait", "Time a password check waited in the hashing lane's queue");
    public Histogram<double> HashingDuration { get; } = Seconds(meters, "authgate.hashing.duration", "Time one Argon2id hash took on a hashing thread, by library");
    public Counter<long> HashingRejected { get; } = Count(meters, "authgate.hashing.rejected", "Password checks refused (429) because the hashing lane was full");

    // Database
    public Histogram<double> WriteBatchDuration { get; } = Seconds(meters, "authgate.db.write_batch.duration", "Time one group-commit transaction took, BEGIN to COMMIT");
    public Histogram<long> WriteBatchSize { get; } = Items(meters, "authgate.db.write_batch.size", "Writes committed together in one group-commit transaction");
    public Histogram<double> WriteWait { get; } = Seconds(meters, "authgate.db.write.wait", "Time a request waited for its write to be committed (queue and transaction), by kind");
    public Histogram<double> CheckpointDuration { get; } = Seconds(meters, "authgate.db.checkpoint.duration", "Time one SQLite WAL checkpoint pass took, by pass (passive: beside the writers; gated: with the writers waiting)");
    public Histogram<long> HotReadBatchSize { get; } = Items(meters, "authgate.db.hot_read.batch_size", "Requests answered by one shared hot-path read statement (PostgreSQL: a user by id), by kind");
    public Histogram<double> HotReadDuration { get; } = Seconds(meters, "authgate.db.hot_read.duration", "Time one prepared hot-path read took (refresh token, user, RBAC permissions), by kind");

    // Configuration cache
    public Counter<long> ConfigurationLookups { get; } = Count(meters, "authgate.config_cache.lookups", "Configuration reads (clients, APIs, connections, grants, tenant), by kind and result (hit or miss)");
    public Histogram<double> ConfigurationVersionCheck { get; } = Seconds(meters, "authgate.config_cache.version_check.duration", "Time a request waited for the configuration version check it shares with concurrent requests");
    public Counter<long> ConfigurationReloads { get; } = Count(meters, "authgate.config_cache.invalidations", "Times a configuration change (seen through the version stamp) emptied the cache");

    // Memory
    public Histogram<double> NativeHeapTrimDuration { get; } = Seconds(meters, "authgate.native_heap.trim.duration", "Time one pass giving glibc's free malloc memory back to the kernel took (malloc_trim)");

    // Log events
    public Counter<long> LogEventsDropped { get; } = Count(meters, "authgate.logs.dropped", "Log events dropped because the queue was full");

    /// <summary>The <c>grant_type</c> tag: a known grant type, else <c>other</c>, so callers cannot create new series.</summary>
    public static string GrantTypeTag(string? grantType) => grantType switch
    {
        null => "none",
        _ when OAuth.GrantTypes.Known.Contains(grantType) => grantType,
        _ => "other",
    };

    /// <summary>A gauge read when metrics are collected (queue lengths and the like).</summary>
    public ObservableGauge<long> Gauge(string name, Func<long> read, string description) =>
        Meter.CreateObservableGauge(name, read, description: description);

    private static Counter<long> Count(IMeterFactory meters, string name, string description) =>
        meters.Create(MeterName).CreateCounter<long>(name, description: description);

    private static Histogram<double> Seconds(IMeterFactory meters, string name, string description) =>
        meters.Create(MeterName).CreateHistogram(name, "s", description, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static Histogram<long> Items(IMeterFactory meters, string name, string description) =>
        meters.Create(MeterName).CreateHistogram(name, "{item}", description, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
}

using System.Diagnostics;
using Authgate.Observability;

namespace Authgate.Storage;

/// <summary>
/// Reads the configuration version stamp (<c>config_version</c>, bumped by triggers on every configuration table).
/// Concurrent requests share reads (<see cref="SharedRuns{TBatch}"/>): a caller joins the next read that starts after
/// it asked, so what it gets is at least as new as the database was when it asked. Under load that is one read per
/// batch of requests instead of one per request.
/// </summary>
internal sealed class ConfigurationVersion
{
    /// <summary>A version read: the stamp, and the order in which this node started the read.</summary>
    public readonly record struct Stamp(long Version, long Sequence);

    private const string Sql = "SELECT version FROM config_version WHERE id = 1";

    private readonly HotConnections connections;
    private readonly AuthgateMetrics metrics;
    private readonly SharedRuns<Readers> reads;
    private long sequence;

    public ConfigurationVersion(HotConnections connections, AuthgateMetrics metrics)
    {
        this.connections = connections;
        this.metrics = metrics;
        reads = new SharedRuns<Readers>(RunAsync);
    }

    public Task<Stamp> ReadAsync() => reads.Join(0, static (readers, _) => readers.Completion.Task);

    private async Task RunAsync(Readers readers)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var order = Interlocked.Increment(ref sequence);
            readers.Completion.TrySetResult(new Stamp(await ReadOnceAsync(), order));
        }
        catch (Exception e)
        {
            readers.Completion.TrySetException(e);
        }

        metrics.ConfigurationVersionCheck.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private async Task<long> ReadOnceAsync()
    {
        using var lease = await connections.RentLookupAsync(CancellationToken.None);
        try
        {
            var value = await lease.Command(Sql).ExecuteScalarAsync();
            return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch
        {
            lease.Fail();
            throw;
        }
    }

    /// <summary>The callers of one read.</summary>
    private sealed class Readers
    {
        public TaskCompletionSource<Stamp> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

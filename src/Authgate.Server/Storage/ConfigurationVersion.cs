using System.Diagnostics;
using Authgate.Observability;

namespace Authgate.Storage;

/// <summary>
/// Reads the configuration version stamp (<c>config_version</c>, bumped by triggers on every configuration table).
/// Concurrent requests share reads: a caller joins the next read that starts after it asked, never one already under
/// way, so what it gets is at least as new as the database was when it asked. Under load that is one read per batch
/// of requests instead of one per request.
/// </summary>
internal sealed class ConfigurationVersion(HotConnections connections, AuthgateMetrics metrics)
{
    /// <summary>A version read: the stamp, and the order in which this node started the read.</summary>
    public readonly record struct Stamp(long Version, long Sequence);

    private const string Sql = "SELECT version FROM config_version WHERE id = 1";

    private readonly object gate = new();
    private TaskCompletionSource<Stamp>? running;
    private TaskCompletionSource<Stamp>? next;
    private long sequence;

    public Task<Stamp> ReadAsync()
    {
        TaskCompletionSource<Stamp> first;
        lock (gate)
        {
            if (running is not null)
            {
                next ??= new TaskCompletionSource<Stamp>(TaskCreationOptions.RunContinuationsAsynchronously);
                return next.Task;
            }

            first = running = new TaskCompletionSource<Stamp>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Started outside the lock: on SQLite the read may complete synchronously.
        _ = PumpAsync(first);
        return first.Task;
    }

    private async Task PumpAsync(TaskCompletionSource<Stamp> current)
    {
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var order = Interlocked.Increment(ref sequence);
                current.TrySetResult(new Stamp(await ReadOnceAsync(), order));
            }
            catch (Exception e)
            {
                current.TrySetException(e);
            }

            metrics.ConfigurationVersionCheck.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            lock (gate)
            {
                if (next is null)
                {
                    running = null;
                    return;
                }

                running = current = next;
                next = null;
            }
        }
    }

    private async Task<long> ReadOnceAsync()
    {
        using var lease = await connections.RentAsync(CancellationToken.None);
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
}

using System.Security.Cryptography;
using System.Threading.Channels;
using Authgate.Observability;
using Authgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Authgate.Logs;

/// <summary>
/// Where request code records tenant log events: a non-blocking enqueue. <see cref="LogEventWriter"/> stores them
/// in batches off the request path and drains the queue on a clean shutdown.
/// </summary>
internal sealed class LogEvents
{
    private readonly Channel<LogEvent> channel;
    private readonly TimeProvider time;
    private readonly AuthgateMetrics metrics;
    private readonly int batchSize;
    private long sequence;
    private long added;
    private long taken;
    private long stored;
    private int completed;
    private TaskCompletionSource batchReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LogEvents(IOptions<LogEventsOptions> options, TimeProvider time, AuthgateMetrics metrics)
    {
        this.time = time;
        this.metrics = metrics;
        batchSize = options.Value.BatchSize;
        channel = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        metrics.Gauge("authgate.logs.queue.depth", () => channel.Reader.Count, "Log events waiting to be stored");
    }

    public ChannelReader<LogEvent> Reader => channel.Reader;

    public void Add(LogEvent entry)
    {
        if (channel.Writer.TryWrite(entry))
        {
            if (Interlocked.Increment(ref added) - Interlocked.Read(ref taken) >= batchSize)
            {
                Volatile.Read(ref batchReady).TrySetResult();
            }
        }
        else
        {
            metrics.LogEventsDropped.Add(1);
        }
    }

    /// <summary>
    /// The writer's pause before it takes a batch: <paramref name="window"/>, or less once a full batch is waiting.
    /// A pause that always ran to its end would cap the writer at one batch per window, and above that rate the queue
    /// would only grow, holding every event in memory until it is full and then dropping them.
    /// </summary>
    public async Task GatherAsync(TimeSpan window)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref batchReady, ready);
        // Checked after the new signal is in place: an Add or Complete that saw the old one has already counted here.
        if (Volatile.Read(ref completed) == 1 || Interlocked.Read(ref added) - Interlocked.Read(ref taken) >= batchSize)
        {
            return;
        }

        using var cancel = new CancellationTokenSource();
        await Task.WhenAny(ready.Task, Task.Delay(window, time, cancel.Token));
        await cancel.CancelAsync();
    }

    /// <summary>Called by the writer for the events it has read off the queue (stored or not yet).</summary>
    public void MarkTaken(int count) => Interlocked.Add(ref taken, count);

    /// <summary>Called by the writer once a batch is stored (or given up on), so <see cref="FlushAsync"/> can return.</summary>
    public void MarkStored(int count)
    {
        Interlocked.Add(ref stored, count);
        Interlocked.Exchange(ref progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Completes once every event added before the call is stored: a signal for tests and tools that read the log
    /// right after causing an event, instead of polling it.
    /// </summary>
    public Task FlushAsync(TimeSpan timeout) => StoredAsync(Interlocked.Read(ref added), timeout);

    /// <summary>Completes once at least <paramref name="target"/> events have been stored since the start.</summary>
    public async Task StoredAsync(long target, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Interlocked.Read(ref stored) < target)
        {
            var next = Volatile.Read(ref progress).Task;
            if (Interlocked.Read(ref stored) >= target)
            {
                break;
            }

            await next.WaitAsync(deadline.Token);
        }
    }

    /// <summary>A new event stamped with the time, an id that sorts by time, and the order it was recorded in.</summary>
    public LogEvent New(string type, string? description)
    {
        var now = time.GetUtcNow();
        return new LogEvent
        {
            LogId = $"{now.ToUnixTimeMilliseconds():x12}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))}",
            Seq = Interlocked.Increment(ref sequence),
            Date = now.UtcDateTime,
            Type = type,
            Description = description,
        };
    }

    /// <summary>Closes the queue for a clean stop; the writer's pause ends at once and it drains what is left.</summary>
    public void Complete()
    {
        channel.Writer.TryComplete();
        Interlocked.Exchange(ref completed, 1);
        Volatile.Read(ref batchReady).TrySetResult();
    }
}

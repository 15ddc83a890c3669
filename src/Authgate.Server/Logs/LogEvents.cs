using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Threading.Channels;
using Authgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Authgate.Logs;

/// <summary>
/// Where request code records tenant log events: a non-blocking enqueue. <see cref="LogEventWriter"/> stores them
/// in batches off the request path and drains the queue on a clean shutdown.
/// </summary>
internal sealed class LogEvents : IDisposable
{
    private readonly Channel<LogEvent> channel;
    private readonly TimeProvider time;
    private readonly Meter meter = new("Authgate.Logs");
    private readonly Counter<long> dropped;
    private long sequence;
    private long added;
    private long stored;
    private TaskCompletionSource progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LogEvents(IOptions<LogEventsOptions> options, TimeProvider time)
    {
        this.time = time;
        channel = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        dropped = meter.CreateCounter<long>("authgate.logs.dropped", description: "Log events dropped because the queue was full");
    }

    public ChannelReader<LogEvent> Reader => channel.Reader;

    public void Add(LogEvent entry)
    {
        if (channel.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref added);
        }
        else
        {
            dropped.Add(1);
        }
    }

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
    public async Task FlushAsync(TimeSpan timeout)
    {
        var target = Interlocked.Read(ref added);
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

    public void Complete() => channel.Writer.TryComplete();

    public void Dispose() => meter.Dispose();
}

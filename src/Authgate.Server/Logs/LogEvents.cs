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
    private long sequence;

    public LogEvents(IOptions<LogEventsOptions> options, TimeProvider time, AuthgateMetrics metrics)
    {
        this.time = time;
        this.metrics = metrics;
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
        if (!channel.Writer.TryWrite(entry))
        {
            metrics.LogEventsDropped.Add(1);
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
}

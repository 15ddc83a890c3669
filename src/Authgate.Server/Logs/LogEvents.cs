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
        if (!channel.Writer.TryWrite(entry))
        {
            dropped.Add(1);
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

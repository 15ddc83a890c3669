using System.ComponentModel.DataAnnotations;

namespace Authgate.Logs;

/// <summary>Tenant log writing (<c>Authgate:Logs</c>).</summary>
public sealed class LogEventsOptions
{
    public const string Section = "Authgate:Logs";

    /// <summary>Events waiting to be written; past it new events are dropped (and counted) rather than slowing requests.</summary>
    [Range(100, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>Events written per database transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer lets events gather before a batch (the delay before an event is visible); a full batch is
    /// written at once. A negative value would stop the writer, so it is refused at start.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(50);
}

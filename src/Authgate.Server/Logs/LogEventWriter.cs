using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Authgate.Logs;

/// <summary>
/// Stores queued log events in batches, one transaction each. On shutdown the queue is closed and drained before
/// the host stops, so a clean stop loses nothing.
/// </summary>
internal sealed partial class LogEventWriter(LogEvents events, IServiceScopeFactory scopes, WriteGate writes, IOptions<LogEventsOptions> options, ILogger<LogEventWriter> logger)
    : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        events.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LogEvent>(options.Value.BatchSize);
        // Not cancelled by stoppingToken: the loop ends when the queue is completed and empty.
        while (await events.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // A short pause lets a batch fill: one transaction for many events instead of one per request.
            if (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.BatchWindow, CancellationToken.None);
            }

            while (batch.Count < options.Value.BatchSize && events.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            await WriteAsync(batch, stoppingToken);
            events.MarkStored(batch.Count);
            batch.Clear();
        }
    }

    /// <summary>
    /// Stores one batch, retrying with back-off while the database is unreachable (events keep queueing meanwhile, up
    /// to the queue's capacity). Once the host is stopping it gives up after a few attempts rather than hang shutdown.
    /// </summary>
    private async Task WriteAsync(List<LogEvent> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
                db.Logs.AddRange(batch);
                using (await writes.EnterAsync(CancellationToken.None))
                {
                    await db.SaveChangesAsync(CancellationToken.None);
                }

                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (stoppingToken.IsCancellationRequested && attempt >= 5)
                {
                    LogWriteFailed(logger, batch.Count, e);
                    return;
                }

                if (attempt == 1)
                {
                    LogWriteRetrying(logger, batch.Count, e);
                }

                // A batch that reached the database before the failure was reported must not be written twice.
                if (e is Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: System.Data.Common.DbException db } && IsDuplicate(db))
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * attempt)), CancellationToken.None);
            }
        }
    }

    private static bool IsDuplicate(System.Data.Common.DbException e) =>
        e.SqlState == "23505" || e.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Could not store {Count} tenant log events yet; retrying")]
    private static partial void LogWriteRetrying(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Could not store {Count} tenant log events")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}

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

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<LogEvent> batch)
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
            catch (Exception e) when (attempt < 5 && e is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (Exception e) when (e is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                LogWriteFailed(logger, batch.Count, e);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Could not store {Count} tenant log events")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}

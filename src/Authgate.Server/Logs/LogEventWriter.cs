using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Authgate.Logs;

/// <summary>
/// Stores queued log events in batches, each one write of the group commit (a prepared insert per row, in the same
/// transaction as whatever else is being committed). On shutdown the queue is closed and drained before the host
/// stops, so a clean stop loses nothing.
/// </summary>
internal sealed partial class LogEventWriter(LogEvents events, IServiceScopeFactory scopes, GroupCommit commits, HotReads reads, IOptions<LogEventsOptions> options, ILogger<LogEventWriter> logger)
    : BackgroundService
{
    private static readonly int[] ChunkSizes = [64, 16, 4, 1];
    private static readonly int[] SqliteChunkSizes = [1];

    private EntityRows<LogEvent>? rows;

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
            // A short pause lets a batch fill: one transaction for many events instead of one per request. It ends
            // as soon as a full batch waits, so under load the writer stores batches back to back.
            if (!stoppingToken.IsCancellationRequested)
            {
                await events.GatherAsync(options.Value.BatchWindow);
            }

            while (batch.Count < options.Value.BatchSize && events.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            events.MarkTaken(batch.Count);

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
                if (rows is null)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    rows = reads.Rows<LogEvent>(scope.ServiceProvider.GetRequiredService<AuthDbContext>().Model);
                }

                var insert = rows;
                await commits.WriteAsync("log_events", async transaction =>
                {
                    // PostgreSQL: multi-row inserts in a few fixed sizes (each a prepared statement), one statement per
                    // chunk, each sent with the group's other statements. SQLite has no round trip to save, and binds every parameter by searching the statement's
                    // names one by one: a 64-row insert's 1,600 parameters cost about a million string comparisons.
                    // There the one-row statement runs once per event.
                    var done = 0;
                    foreach (var size in transaction.IsPostgres ? ChunkSizes : SqliteChunkSizes)
                    {
                        while (batch.Count - done >= size)
                        {
                            var command = transaction.Command(insert.InsertManySql(size));
                            insert.BindMany(command, batch, done, size);
                            await transaction.ExecuteNonQueryAsync(command);
                            done += size;
                        }
                    }

                    return done;
                });
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
                if (e is System.Data.Common.DbException db && IsDuplicate(db))
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

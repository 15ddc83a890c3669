using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Authgate.Logs;

/// <summary>
/// Stores queued log events in batches, as one-statement writes of the group commit (one insert of column arrays per
/// batch on PostgreSQL, a prepared insert per row on SQLite), in the same transaction as whatever else is being committed. On
/// shutdown the queue is closed and drained before the host stops, so a clean stop loses nothing.
/// </summary>
internal sealed partial class LogEventWriter(LogEvents events, GroupCommit commits, HotReads reads, IOptions<LogEventsOptions> options, ILogger<LogEventWriter> logger)
    : BackgroundService
{
    private EntityRows<LogEvent>? rows;
    private string? insertArrays;

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
    /// Stores one batch as inserts, each a one-statement write of the group commit, retrying what failed with
    /// back-off while the database is unreachable (events keep queueing meanwhile, up to the queue's capacity). Once the
    /// host is stopping it gives up after a few attempts rather than hang shutdown.
    /// </summary>
    private async Task WriteAsync(List<LogEvent> batch, CancellationToken stoppingToken)
    {
        var pending = Chunks(batch.Count, commits.IsPostgres);
        for (var attempt = 1; ; attempt++)
        {
            Exception error;
            try
            {
                (pending, var failure) = await StoreAsync(batch, pending);
                if (failure is null)
                {
                    return;
                }

                error = failure;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error = e;
            }

            var left = pending.Sum(chunk => chunk.Size);
            if (stoppingToken.IsCancellationRequested && attempt >= 5)
            {
                LogWriteFailed(logger, left, error);
                return;
            }

            if (attempt == 1)
            {
                LogWriteRetrying(logger, left, error);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * attempt)), CancellationToken.None);
        }
    }

    /// <summary>Queues every chunk at once (one group on PostgreSQL: one round trip); the chunks left to store and the first error.</summary>
    private async Task<(List<(int Start, int Size)> Left, Exception? Error)> StoreAsync(List<LogEvent> batch, List<(int Start, int Size)> chunks)
    {
        var insert = rows ??= reads.Rows<LogEvent>();
        var writes = new Task<int>[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var (start, size) = chunks[i];
            writes[i] = commits.WriteStatementAsync("log_events", transaction =>
            {
                if (commits.IsPostgres)
                {
                    // An event already stored (a commit that reached the database though its answer did not) is skipped,
                    // and the batch's other events are stored by the same statement.
                    var arrays = transaction.Command(insertArrays ??= insert.InsertArraysSql + " ON CONFLICT DO NOTHING");
                    insert.BindArrays(arrays, batch, start, size);
                    return arrays;
                }

                var row = transaction.Command(insert.InsertSql);
                insert.Bind(row, batch[start]);
                return row;
            });
        }

        try
        {
            await Task.WhenAll(writes);
            return ([], null);
        }
        catch (Exception) when (writes.Any(w => w.IsFaulted))
        {
            var left = new List<(int Start, int Size)>();
            Exception? first = null;
            for (var i = 0; i < writes.Length; i++)
            {
                // A chunk that reached the database before its failure was reported is a duplicate now: stored.
                if (writes[i].Exception?.InnerException is { } failure && !IsDuplicate(failure))
                {
                    left.Add(chunks[i]);
                    first ??= failure;
                }
            }

            return (left, first);
        }
    }

    /// <summary>
    /// The batch cut into inserts. PostgreSQL: the whole batch in one insert of column arrays (one statement, sent with
    /// the group's other statements in one round trip). SQLite has no round trip to save and binds each parameter by
    /// searching the statement's names one by one: there the prepared one-row insert runs once per event.
    /// </summary>
    private static List<(int Start, int Size)> Chunks(int count, bool postgres) =>
        postgres ? (count > 0 ? [(0, count)] : []) : [.. Enumerable.Range(0, count).Select(i => (i, 1))];

    private static bool IsDuplicate(Exception? e) =>
        e is System.Data.Common.DbException db && (db.SqlState == "23505" || db.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal));

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Could not store {Count} tenant log events yet; retrying")]
    private static partial void LogWriteRetrying(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Could not store {Count} tenant log events")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}

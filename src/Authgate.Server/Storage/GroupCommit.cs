using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Authgate.Observability;

namespace Authgate.Storage;

/// <summary>
/// Group commit for the writes a request must see durable before it answers (refresh-token rotations and issues)
/// and for the tenant log events: callers queue a write, one writer runs every queued write in one transaction, and
/// each caller's task completes only after the COMMIT that made its write durable. Concurrent requests share one
/// transaction instead of queueing for SQLite's single write lock (or paying PostgreSQL's WAL flush) one by one.
/// A write must be safe to run again: when one of them fails, the batch is rolled back and each write is retried in
/// its own transaction, so only the failing one fails. On SQLite the writer holds <see cref="WriteGate"/> for the
/// transaction, like every other in-process writer. On PostgreSQL the writes' statements are sent together
/// (<see cref="WritePipeline"/>): a group costs two round trips, not one per write, and one when each of its writes is
/// a single statement (<see cref="WriteStatementAsync"/>: no BEGIN/COMMIT, the batch is its own transaction).
/// </summary>
internal sealed partial class GroupCommit : IAsyncDisposable
{
    /// <summary>Writes committed together at most.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Item> queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HotConnections connections;
    private readonly WriteGate gate;
    private readonly AuthgateMetrics metrics;
    private readonly ILogger<GroupCommit> logger;
    private readonly Task pump;
    private readonly Batch batch;
    private DbConnection? connection;
    private long queued;

    public GroupCommit(HotConnections connections, WriteGate gate, AuthgateMetrics metrics, ILogger<GroupCommit> logger)
    {
        this.connections = connections;
        this.gate = gate;
        this.metrics = metrics;
        this.logger = logger;
        batch = new Batch(connections.IsPostgres);
        // Counted here: the single-reader channel cannot count its items (its Count throws, and the gauge went missing).
        metrics.Gauge("authgate.db.write.queue.length", () => Volatile.Read(ref queued), "Writes waiting for the next group commit");
        pump = Task.Run(PumpAsync);
    }

    /// <summary>Whether the writes run on PostgreSQL (where a one-statement write saves a round trip).</summary>
    public bool IsPostgres => batch.IsPostgres;

    /// <summary>
    /// Runs <paramref name="write"/> in the next group transaction; the task completes once that transaction has
    /// committed (or fails with the write's or the commit's exception).
    /// </summary>
    /// <param name="kind">What is written, for the metrics (<c>rotation</c>, <c>log_events</c>, …).</param>
    public Task<T> WriteAsync<T>(string kind, Func<Batch, ValueTask<T>> write) => Enqueue(new Item<T>(kind, write, oneStatement: false));

    /// <summary>
    /// Runs the one statement <paramref name="statement"/> returns (a command from <see cref="Batch.Command"/>, bound)
    /// in the next group transaction; the task completes with the rows it changed once that transaction has committed.
    /// On PostgreSQL a group made only of one-statement writes is sent without <c>BEGIN</c>/<c>COMMIT</c>: its
    /// statements go out as one batch, which PostgreSQL runs as one implicit transaction committed at the batch's end
    /// (one round trip instead of two; all or nothing, as before).
    /// </summary>
    public Task<int> WriteStatementAsync(string kind, Func<Batch, DbCommand> statement) =>
        Enqueue(new Item<int>(kind, batch => new ValueTask<int>(batch.ExecuteNonQueryAsync(statement(batch))), oneStatement: true));

    /// <summary>As <see cref="WriteStatementAsync"/>, for a statement that returns a row: the first column of its first row (null: no row).</summary>
    public Task<object?> WriteScalarStatementAsync(string kind, Func<Batch, DbCommand> statement) =>
        Enqueue(new Item<object?>(kind, batch => new ValueTask<object?>(batch.ExecuteScalarAsync(statement(batch))), oneStatement: true));

    private Task<T> Enqueue<T>(Item<T> item)
    {
        Interlocked.Increment(ref queued);
        if (!queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref queued);
            throw new ObjectDisposedException(nameof(GroupCommit), "The server is stopping.");
        }

        // The request's span covers its wait; the transaction itself is the writer's own span ("group commit").
        var parent = Activity.Current;
        var activity = AuthgateTracing.Source.StartActivity("group commit wait");
        if (activity is null)
        {
            return item.Task;
        }

        activity.SetTag("kind", item.Kind);
        Activity.Current = parent;
        return EndWhenDone(item.Task, activity);
    }

    private static async Task<T> EndWhenDone<T>(Task<T> task, Activity activity)
    {
        try
        {
            return await task;
        }
        finally
        {
            activity.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await pump;
        if (connection is not null)
        {
            batch.Clear();
            await connection.DisposeAsync();
        }
    }

    private async Task PumpAsync()
    {
        var items = new List<Item>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (items.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                items.Add(item);
            }

            Interlocked.Add(ref queued, -items.Count);

            await CommitAsync(items);
            items.Clear();
        }
    }

    private async Task CommitAsync(List<Item> items)
    {
        using var activity = AuthgateTracing.Source.StartActivity("group commit");
        activity?.SetTag("writes", items.Count);
        var started = Stopwatch.GetTimestamp();
        using (await gate.EnterAsync(CancellationToken.None))
        {
            try
            {
                await RunAsync(items);
                foreach (var item in items)
                {
                    item.Complete();
                }
            }
            catch (Exception e) when (items.Count > 1 && connection is not null)
            {
                // One write failed (the connection is still fine): retry each alone so only that one fails.
                LogBatchRetried(logger, items.Count, e);
                foreach (var item in items)
                {
                    try
                    {
                        await RunAsync([item]);
                        item.Complete();
                    }
                    catch (Exception single)
                    {
                        item.Fail(single);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var item in items)
                {
                    item.Fail(e);
                }
            }
        }

        metrics.WriteBatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        metrics.WriteBatchSize.Record(items.Count);
        foreach (var item in items)
        {
            metrics.WriteWait.Record(Stopwatch.GetElapsedTime(item.QueuedAt).TotalSeconds, new KeyValuePair<string, object?>("kind", item.Kind));
        }
    }

    private async Task RunAsync(IReadOnlyList<Item> items)
    {
        var open = await ConnectionAsync();
        try
        {
            if (connections.IsPostgres && EachOneStatement(items))
            {
                // No BEGIN/COMMIT: a lone statement commits by itself, and a batch sent with one Sync is one implicit
                // transaction, committed (synchronous_commit: durably) before PostgreSQL answers its last statement.
                await (items.Count == 1 ? items[0].RunAsync(batch).AsTask() : RunPipelinedAsync(items, open, transaction: null));
                return;
            }

            await using var transaction = await open.BeginTransactionAsync();
            batch.Transaction = transaction;
            // A write alone has nothing to share a round trip with: it runs its statements directly, sparing the copy of
            // every parameter the pipeline makes (a log batch of 600 events binds 15,000).
            if (connections.IsPostgres && items.Count > 1)
            {
                await RunPipelinedAsync(items, open, transaction);
            }
            else
            {
                foreach (var item in items)
                {
                    await item.RunAsync(batch);
                }
            }

            await transaction.CommitAsync();
        }
        catch
        {
            if (open.State != System.Data.ConnectionState.Open)
            {
                // Lost (database restarted, network): reconnect on the next batch.
                batch.Clear();
                connection = null;
                await open.DisposeAsync();
            }

            throw;
        }
        finally
        {
            batch.Transaction = null;
            batch.Pipeline = null;
        }
    }

    /// <summary>Every write runs until it waits for a statement; the statements go out together; repeat until all are done.</summary>
    private async Task RunPipelinedAsync(IReadOnlyList<Item> items, DbConnection open, DbTransaction? transaction)
    {
        var pipeline = batch.Pipeline = new WritePipeline();
        var errors = new Exception?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var index = i;
            await pipeline.RunUntilWaitingAsync(() => _ = RunOneAsync(index));
        }

        while (pipeline.HasQueued)
        {
            await pipeline.FlushAsync(open, transaction);
        }

        foreach (var error in errors)
        {
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }

        async Task RunOneAsync(int index)
        {
            try
            {
                await items[index].RunAsync(batch);
            }
            catch (Exception e)
            {
                errors[index] = e;
            }
            finally
            {
                pipeline.Ended();
            }
        }
    }

    private static bool EachOneStatement(IReadOnlyList<Item> items)
    {
        foreach (var item in items)
        {
            if (!item.OneStatement)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<DbConnection> ConnectionAsync()
    {
        if (connection is { State: System.Data.ConnectionState.Open })
        {
            return connection;
        }

        if (connection is not null)
        {
            batch.Clear();
            await connection.DisposeAsync();
            connection = null;
        }

        var opened = await connections.OpenAsync(CancellationToken.None);
        batch.Connection = opened;
        connection = opened;
        return opened;
    }

    /// <summary>
    /// What a queued write runs against: the writer's connection and the open transaction. A write runs its statements
    /// through <see cref="ExecuteNonQueryAsync"/> and <see cref="ExecuteScalarAsync"/>, awaiting each before the next:
    /// on PostgreSQL they are sent with the other writes' statements.
    /// </summary>
    internal sealed class Batch(bool isPostgres)
    {
        private readonly ConnectionCommands commands = new();

        public bool IsPostgres { get; } = isPostgres;

        internal DbConnection? Connection { get; set; }

        internal DbTransaction? Transaction { get; set; }

        internal WritePipeline? Pipeline { get; set; }

        /// <summary>
        /// The command for <paramref name="sql"/>, kept for the writer's connection (SQLite prepares it once) and
        /// enlisted in the current transaction. <paramref name="parameters"/> names its parameters on first use.
        /// </summary>
        public DbCommand Command(string sql, params ReadOnlySpan<string> parameters)
        {
            var command = commands.For(Connection ?? throw new InvalidOperationException("No open connection."), sql, parameters);
            command.Transaction = Transaction;
            return command;
        }

        /// <summary>Runs <paramref name="command"/> (a statement that returns no rows) as bound now; the rows it changed.</summary>
        public Task<int> ExecuteNonQueryAsync(DbCommand command) =>
            Pipeline is { } pipeline ? QueuedNonQueryAsync(pipeline, command) : command.ExecuteNonQueryAsync();

        /// <summary>Runs <paramref name="command"/> as bound now; the first column of its first row (null: no row).</summary>
        public Task<object?> ExecuteScalarAsync(DbCommand command) =>
            Pipeline is { } pipeline ? pipeline.Queue(command, returnsRow: true) : command.ExecuteScalarAsync();

        private static async Task<int> QueuedNonQueryAsync(WritePipeline pipeline, DbCommand command) =>
            (int)(await pipeline.Queue(command, returnsRow: false))!;

        internal void Clear()
        {
            commands.Clear();
            Connection = null;
        }
    }

    private abstract class Item(string kind, bool oneStatement)
    {
        public string Kind { get; } = kind;

        /// <summary>The write runs exactly one statement (built so by <see cref="WriteStatementAsync"/>; never a caller's claim).</summary>
        public bool OneStatement { get; } = oneStatement;

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();

        public abstract ValueTask RunAsync(Batch batch);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Item<T>(string kind, Func<Batch, ValueTask<T>> write, bool oneStatement) : Item(kind, oneStatement)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Task => completion.Task;

        public override async ValueTask RunAsync(Batch batch) => result = await write(batch);

        public override void Complete() => completion.TrySetResult(result!);

        public override void Fail(Exception exception) => completion.TrySetException(exception);
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "A write in a group commit of {Count} failed; retrying each write alone")]
    private static partial void LogBatchRetried(ILogger logger, int count, Exception exception);
}

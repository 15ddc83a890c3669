using System.Data.Common;
using Npgsql;

namespace Authgate.Storage;

/// <summary>
/// PostgreSQL: the statements of one group commit's writes, sent in one round trip instead of one each. Each write
/// runs until it asks for a statement's result; once every write of the group is waiting (or done), the queued
/// statements go out together as one <see cref="NpgsqlBatch"/> inside the open transaction (or, when every write is one
/// statement, as the group's whole implicit transaction), each write resumes with its own statement's result, and so on
/// until every write is done. A group of n writes of one statement each then costs one round trip instead of n + 1. Writes resume one at a time, so the writer's kept commands are
/// never bound by two writes at once; a write must await each statement before it runs the next.
/// </summary>
internal sealed class WritePipeline
{
    private List<Pending> queued = [];
    private TaskCompletionSource? running;

    /// <summary>Statements waiting for the next <see cref="FlushAsync"/>.</summary>
    public bool HasQueued => queued.Count > 0;

    /// <summary>
    /// Runs <paramref name="resume"/> (a write starting, or its awaited statement completing) and returns once that
    /// write waits for its next statement or has ended (it calls <see cref="Ended"/>).
    /// </summary>
    public Task RunUntilWaitingAsync(Action resume)
    {
        var turn = running = new TaskCompletionSource();
        resume();
        return turn.Task;
    }

    /// <summary>The running write ended (completed or failed).</summary>
    public void Ended() => running?.TrySetResult();

    /// <summary>
    /// Queues <paramref name="command"/> as it is bound now (its parameters are copied, so the kept command can be
    /// bound again by the next write) and hands the turn back to the writer.
    /// </summary>
    public Task<object?> Queue(DbCommand command, bool returnsRow)
    {
        if (running is not { Task.IsCompleted: false } turn)
        {
            throw new InvalidOperationException("A group-commit write must await each statement before it runs the next.");
        }

        var statement = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            statement.Parameters.Add(parameter.Clone());
        }

        var pending = new Pending(statement, returnsRow);
        queued.Add(pending);
        turn.TrySetResult();
        return pending.Result.Task;
    }

    /// <summary>
    /// Sends every queued statement in one batch, then resumes each waiting write with its result (a statement's
    /// first value if it returns a row, else the rows it changed), or with the batch's error.
    /// </summary>
    /// <remarks>
    /// Takes the base types, so that the group commit, which SQLite nodes run too, names no Npgsql type: a method that
    /// does loads Npgsql when it is compiled.
    /// </remarks>
    public async Task FlushAsync(DbConnection connection, DbTransaction? transaction)
    {
        var sending = queued;
        queued = [];
        var values = new object?[sending.Count];
        Exception? error = null;
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
            foreach (var pending in sending)
            {
                batch.BatchCommands.Add(pending.Statement);
            }

            // The reader moves over statements that return no rows; it stops at each one that returns some.
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                for (var i = 0; i < sending.Count; i++)
                {
                    if (!sending[i].ReturnsRow)
                    {
                        continue;
                    }

                    values[i] = await reader.ReadAsync() ? reader.GetValue(0) : null;
                    await reader.NextResultAsync();
                }

                while (await reader.NextResultAsync())
                {
                }
            }

            for (var i = 0; i < sending.Count; i++)
            {
                if (!sending[i].ReturnsRow)
                {
                    values[i] = sending[i].Statement.RecordsAffected;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        for (var i = 0; i < sending.Count; i++)
        {
            var pending = sending[i];
            var value = values[i];
            await RunUntilWaitingAsync(() =>
            {
                if (error is null)
                {
                    pending.Result.TrySetResult(value);
                }
                else
                {
                    pending.Result.TrySetException(error);
                }
            });
        }
    }

    private sealed class Pending(NpgsqlBatchCommand statement, bool returnsRow)
    {
        public NpgsqlBatchCommand Statement { get; } = statement;

        public bool ReturnsRow { get; } = returnsRow;

        // Not run asynchronously: the write resumes inside TrySetResult, so the turn usually ends before it returns.
        public TaskCompletionSource<object?> Result { get; } = new();
    }
}

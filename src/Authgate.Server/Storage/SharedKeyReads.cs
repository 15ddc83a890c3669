using System.Data.Common;

namespace Authgate.Storage;

/// <summary>
/// Single-row reads by key that concurrent requests share, for PostgreSQL, where each statement is a round trip and
/// the database's per-statement work is most of a lookup's cost. A caller joins the next statement that starts after
/// it asked (<see cref="SharedRuns{TBatch}"/>), so the row it gets is at least as new as the database was when it
/// asked; under load one statement (<c>key = ANY(@keys)</c>) answers a batch of requests. Each caller gets its own
/// materialised row, so two requests for one key never share an entity.
/// </summary>
internal sealed class SharedKeyReads<T> where T : class
{
    /// <summary>Runs one statement for <c>keys</c> and hands each row to <c>deliver</c> with its key.</summary>
    public delegate Task ReadBatch(string[] keys, Action<string, DbDataReader> deliver);

    private readonly ReadBatch readBatch;
    private readonly Func<DbDataReader, T> materialise;
    private readonly Action<int>? batchRead;
    private readonly SharedRuns<Batch> runs;

    /// <param name="readBatch">The statement for a batch of distinct keys.</param>
    /// <param name="materialise">Builds a caller's row from the reader's current row.</param>
    /// <param name="batchRead">Told how many callers each statement answered (metrics).</param>
    public SharedKeyReads(ReadBatch readBatch, Func<DbDataReader, T> materialise, Action<int>? batchRead = null)
    {
        this.readBatch = readBatch;
        this.materialise = materialise;
        this.batchRead = batchRead;
        runs = new SharedRuns<Batch>(RunAsync);
    }

    /// <summary>The row for <paramref name="key"/>, or null when there is none.</summary>
    public Task<T?> ReadAsync(string key) => runs.Join(key, static (batch, key) =>
    {
        var waiter = new TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously);
        batch.Add(key, waiter);
        return waiter.Task;
    });

    private async Task RunAsync(Batch batch)
    {
        batchRead?.Invoke(batch.Callers);
        try
        {
            await readBatch([.. batch.Waiters.Keys], (key, reader) => Deliver(batch, key, reader));
        }
        catch (Exception) when (batch.Waiters.Count > 1)
        {
            // One caller's key must not fail the others' (a value the database refuses): each key again, alone.
            foreach (var key in batch.Waiters.Keys.ToList())
            {
                try
                {
                    await readBatch([key], (found, reader) => Deliver(batch, found, reader));
                }
                catch (Exception e)
                {
                    if (batch.Waiters.Remove(key, out var failed))
                    {
                        failed.ForEach(waiter => waiter.TrySetException(e));
                    }
                }
            }
        }
        catch (Exception e)
        {
            foreach (var waiter in batch.Waiters.Values.SelectMany(w => w))
            {
                waiter.TrySetException(e);
            }

            batch.Waiters.Clear();
        }

        // Keys the statement found no row for.
        foreach (var waiter in batch.Waiters.Values.SelectMany(w => w))
        {
            waiter.TrySetResult(null);
        }
    }

    private void Deliver(Batch batch, string key, DbDataReader reader)
    {
        if (!batch.Waiters.Remove(key, out var waiters))
        {
            return;
        }

        foreach (var waiter in waiters)
        {
            // A row that cannot be read fails its own callers, not the batch.
            try
            {
                waiter.TrySetResult(materialise(reader));
            }
            catch (Exception e)
            {
                waiter.TrySetException(e);
            }
        }
    }

    /// <summary>The callers waiting for one statement, by key; only touched under the lock until the statement runs.</summary>
    private sealed class Batch
    {
        public Dictionary<string, List<TaskCompletionSource<T?>>> Waiters { get; } = new(StringComparer.Ordinal);

        public int Callers { get; private set; }

        public void Add(string key, TaskCompletionSource<T?> waiter)
        {
            if (!Waiters.TryGetValue(key, out var waiters))
            {
                Waiters[key] = waiters = [];
            }

            waiters.Add(waiter);
            Callers++;
        }
    }
}

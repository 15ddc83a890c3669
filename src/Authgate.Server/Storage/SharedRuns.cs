namespace Authgate.Storage;

/// <summary>
/// One read at a time, shared by the callers who asked while it was not yet running: a caller joins the batch of the
/// next run that starts after it asked, never one already under way, so what that run reads is at least as new as the
/// database was when the caller asked. Alone, a caller's run starts at once; under load one run answers a batch.
/// Used for the configuration version stamp (<see cref="ConfigurationVersion"/>) and PostgreSQL's user reads
/// (<see cref="SharedKeyReads{T}"/>).
/// </summary>
/// <typeparam name="TBatch">What the callers of one run leave for it (their keys, their completions).</typeparam>
internal sealed class SharedRuns<TBatch>(Func<TBatch, Task> run) where TBatch : class, new()
{
    private readonly object gate = new();
    private TBatch? running;
    private TBatch? next;

    /// <summary>
    /// Adds a caller to the batch of the next run: <paramref name="join"/> runs under the lock, before that run
    /// starts, and its result (typically the task the caller awaits) is returned.
    /// </summary>
    public TResult Join<TState, TResult>(TState state, Func<TBatch, TState, TResult> join)
    {
        TBatch first;
        TResult result;
        lock (gate)
        {
            if (running is not null)
            {
                return join(next ??= new TBatch(), state);
            }

            first = running = new TBatch();
            result = join(first, state);
        }

        // Started outside the lock: the run may complete synchronously (SQLite).
        _ = PumpAsync(first);
        return result;
    }

    /// <param name="current">The batch to run; <c>run</c> completes its callers and must not throw.</param>
    private async Task PumpAsync(TBatch current)
    {
        while (true)
        {
            await run(current);
            lock (gate)
            {
                if (next is null)
                {
                    running = null;
                    return;
                }

                running = current = next;
                next = null;
            }
        }
    }
}

namespace Authgate.Storage;

/// <summary>
/// SQLite allows one writer at a time; a second one waits in SQLite's busy handler, which sleeps in steps of
/// milliseconds while holding a thread. Within one process it is far cheaper to queue writers here, asynchronously,
/// so SQLite never sees them collide. PostgreSQL handles concurrent writers itself: there the gate is open.
/// </summary>
internal sealed class WriteGate(StorageSettings settings) : IDisposable
{
    private readonly SemaphoreSlim? gate = settings.Provider == StorageProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        return new Releaser(gate);
    }

    public void Dispose() => gate?.Dispose();

    public readonly struct Releaser(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}

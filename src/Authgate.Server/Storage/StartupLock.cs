using Npgsql;

namespace Authgate.Storage;

/// <summary>
/// Serialises start-up work (migrations, seed, bootstrap, first signing keys) across nodes that start together on
/// one PostgreSQL database, with a session advisory lock on a connection of its own. SQLite serves one process.
/// </summary>
internal static class StartupLock
{
    private const long Key = 0x4155544853544152; // "AUTHSTAR"

    // Two methods: an async method's state holds its awaiters and locals, Npgsql's types among them, and SQLite nodes
    // should not load Npgsql to run their start-up work.
    public static Task<T> RunAsync<T>(HotConnections connections, Func<Task<T>> work, CancellationToken cancellationToken) =>
        connections.IsPostgres ? LockedAsync(connections, work, cancellationToken) : work();

    private static async Task<T> LockedAsync<T>(HotConnections connections, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var source = connections.PostgresSource!;
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return await work();
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}

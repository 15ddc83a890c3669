using Npgsql;

namespace Authgate.Storage;

/// <summary>
/// Serialises start-up work (migrations, seed, bootstrap, first signing keys) across nodes that start together on
/// one PostgreSQL database, with a session advisory lock on a connection of its own. SQLite serves one process.
/// </summary>
internal static class StartupLock
{
    private const long Key = 0x4155544853544152; // "AUTHSTAR"

    public static async Task<T> RunAsync<T>(HotConnections connections, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (connections.PostgresSource is not { } source)
        {
            return await work();
        }

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

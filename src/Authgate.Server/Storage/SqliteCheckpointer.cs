using Authgate.Observability;
using Microsoft.Data.Sqlite;

namespace Authgate.Storage;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background, once a second, and lets the log start
/// over once it passes 64 MiB (<see cref="WalCheckpoint"/>). By default SQLite does it inside whichever commit
/// crosses 1,000 pages, and that commit then also waits for the copy and the fsyncs: the request behind it stalls for
/// milliseconds. Connections therefore run with <c>wal_autocheckpoint=0</c> (<see cref="SqlitePragmas"/>), the bulk of
/// the copy happens here without blocking anyone, and writers wait only for the short last pass that ends it.
/// </summary>
internal sealed partial class SqliteCheckpointer(StorageSettings settings, WriteGate gate, AuthgateMetrics metrics, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private long logFrames;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Provider != StorageProvider.Sqlite || new SqliteConnectionStringBuilder(settings.ConnectionString).Mode == SqliteOpenMode.Memory)
        {
            return;
        }

        metrics.Gauge("authgate.db.wal.frames", () => Volatile.Read(ref logFrames), "Frames in SQLite's write-ahead log at the last background checkpoint");
        metrics.Gauge("authgate.db.sqlite.memory", SQLitePCL.raw.sqlite3_memory_used, "Bytes SQLite holds in this process (page caches of every open connection, prepared statements, schema)");
        using var timer = new PeriodicTimer(Interval);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(settings.ConnectionString);
                        await connection.OpenAsync(stoppingToken);
                    }

                    var result = await WalCheckpoint.RunAsync(connection, gate, stoppingToken, metrics: metrics);
                    Volatile.Write(ref logFrames, result.LogFrames);
                }
                catch (Exception e) when (e is SqliteException or InvalidOperationException)
                {
                    LogFailed(logger, e);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }

        await EmptyLogAsync();
    }

    /// <summary>
    /// On the way out, copies the whole log and empties it (TRUNCATE), with the in-process writers held at the gate: a
    /// log left long would have to be read through on the next start to rebuild its index. Best effort: a reader that
    /// stays past a second leaves the log for that start.
    /// </summary>
    private async Task EmptyLogAsync()
    {
        try
        {
            using (await gate.EnterAsync(CancellationToken.None))
            {
                await using var connection = new SqliteConnection(settings.ConnectionString);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout=1000";
                await command.ExecuteNonQueryAsync();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or ObjectDisposedException)
        {
            LogNotEmptied(logger, e);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying in a second")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "The WAL could not be emptied on the way out; the next start reads it through")]
    private static partial void LogNotEmptied(ILogger logger, Exception exception);
}

using Microsoft.Data.Sqlite;

namespace Authgate.Storage;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background, once a second. By default SQLite does
/// it inside whichever commit crosses 1,000 pages, and that commit then also waits for the fsync of the database file:
/// the request behind it stalls for milliseconds. Connections therefore run with <c>wal_autocheckpoint=0</c>
/// (<see cref="SqlitePragmas"/>) and this service checkpoints in PASSIVE mode, which never blocks readers or the writer.
/// </summary>
internal sealed partial class SqliteCheckpointer(StorageSettings settings, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Provider != StorageProvider.Sqlite || new SqliteConnectionStringBuilder(settings.ConnectionString).Mode == SqliteOpenMode.Memory)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = new SqliteConnection(settings.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout=5000; PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying in a second")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

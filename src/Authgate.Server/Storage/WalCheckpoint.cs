using Microsoft.Data.Sqlite;

namespace Authgate.Storage;

/// <summary>
/// One round of keeping SQLite's write-ahead log small. A PASSIVE checkpoint copies the log into the database file
/// without blocking anybody, but it never lets the log start over: under steady writes the writer appends new frames
/// while it copies, so the log is never wholly copied when the next transaction begins, and it grows without end
/// (0.8 GB in 30 s of refresh load), every commit extending the file into new blocks and every read searching a
/// longer index. So when the log holds <see cref="RestartAfterFrames"/> frames or more, a RESTART checkpoint runs
/// under the <see cref="WriteGate"/>: no in-process writer commits meanwhile, the little the PASSIVE pass left is
/// copied, and the next commit writes from the start of the log again, over blocks the file already has.
/// </summary>
internal static class WalCheckpoint
{
    /// <summary>SQLite's own automatic checkpoint threshold (about 4 MiB of 4 KiB pages).</summary>
    public const int RestartAfterFrames = 1000;

    /// <summary>Longest a RESTART waits for readers still on older log frames while writers wait behind the gate.</summary>
    public const int RestartBusyTimeoutMs = 50;

    public static async Task<WalCheckpointResult> RunAsync(SqliteConnection connection, WriteGate gate, CancellationToken cancellationToken, int restartAfterFrames = RestartAfterFrames)
    {
        var passive = await CheckpointAsync(connection, "PASSIVE", cancellationToken);
        if (passive.LogFrames < restartAfterFrames)
        {
            return passive;
        }

        using (await gate.EnterAsync(cancellationToken))
        {
            var restart = await CheckpointAsync(connection, "RESTART", cancellationToken);
            return restart with { Restarted = !restart.Busy };
        }
    }

    private static async Task<WalCheckpointResult> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout={RestartBusyTimeoutMs}";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new WalCheckpointResult(Busy: true, LogFrames: 0, Copied: 0);
        }

        // (busy, log, checkpointed): log and checkpointed are -1 when the database is not in WAL mode.
        return new WalCheckpointResult(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }
}

/// <param name="Busy">The checkpoint could not copy everything (a reader or writer held it back).</param>
/// <param name="LogFrames">Frames in the log when it ran.</param>
/// <param name="Copied">Frames of the log now copied into the database file.</param>
/// <param name="Restarted">A RESTART completed: the next commit writes from the start of the log.</param>
internal readonly record struct WalCheckpointResult(bool Busy, long LogFrames, long Copied, bool Restarted = false);

using System.Diagnostics;
using Authgate.Observability;
using Microsoft.Data.Sqlite;

namespace Authgate.Storage;

/// <summary>
/// One round of keeping SQLite's write-ahead log small. A PASSIVE checkpoint copies the log into the database file
/// without blocking anybody, but on its own it never lets the log start over: under steady writes the writer appends
/// new frames while it copies, so the log is never wholly copied when the next transaction begins, and it grows
/// without end (0.8 GB in 30 s of refresh load), every commit extending the file into new blocks. So when the log holds
/// <see cref="RestartAfterFrames"/> frames or more, PASSIVE passes beside the writers copy nearly all of it, and a last
/// PASSIVE pass under the <see cref="WriteGate"/> copies the few frames committed meanwhile: with no commit in between, the next one finds the log wholly copied and starts it over
/// from its first frame, over blocks the file already has. PASSIVE never waits for readers; a RESTART checkpoint, which
/// would, held the writers for 7–27 ms a round (its busy handler sleeps in whole milliseconds, then two fsyncs).
/// </summary>
internal static class WalCheckpoint
{
    /// <summary>
    /// 64 MiB of 4 KiB pages. The pass under the gate stops the writers for 8–50 ms under load here, however few frames
    /// it has left (its two fsyncs, and a thread that must wait its turn for a core while it holds the gate), so it
    /// must be rare; but until the log first reaches this size every commit extends the file into new blocks, which the
    /// kernel zeroes, so it must not be large either. Measured (full bench runs, refresh under rotation): 4 MiB, a pause
    /// every second, p99 at half peak 31 ms; 64 MiB, 1,767/s at 1.04 ms of CPU and a p99 of 26 ms; 256 MiB,
    /// 1,427–1,664/s at 1.10–1.29 ms and 16–42 ms. Readers do not search frames already copied, so a long log does not
    /// slow them.
    /// </summary>
    public const int RestartAfterFrames = 16_384;

    /// <summary>Frames left to copy at most when the writers are stopped for the last pass.</summary>
    public const int MaxGatedFrames = 256;

    public static async Task<WalCheckpointResult> RunAsync(SqliteConnection connection, WriteGate gate, CancellationToken cancellationToken,
        int restartAfterFrames = RestartAfterFrames, AuthgateMetrics? metrics = null)
    {
        var passive = await CheckpointAsync(connection, "passive", metrics, cancellationToken);
        if (passive.LogFrames < restartAfterFrames)
        {
            return passive;
        }

        // Passes beside the writers until one finds little left, so the gated pass has only the last moment's frames;
        // if readers on older snapshots keep holding the copy back, the writers are not stopped this round.
        for (var pass = 0; pass < 3 && passive.LogFrames - passive.Copied > MaxGatedFrames; pass++)
        {
            passive = await CheckpointAsync(connection, "passive", metrics, cancellationToken);
        }

        if (passive.LogFrames - passive.Copied > MaxGatedFrames)
        {
            return passive;
        }

        using (await gate.EnterAsync(cancellationToken))
        {
            // A reader still on an older snapshot can hold the copy back; then the next round tries again.
            var last = await CheckpointAsync(connection, "gated", metrics, cancellationToken);
            return last with { CaughtUp = last.LogFrames > 0 && last.Copied == last.LogFrames };
        }
    }

    private static async Task<WalCheckpointResult> CheckpointAsync(SqliteConnection connection, string pass, AuthgateMetrics? metrics, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new WalCheckpointResult(LogFrames: 0, Copied: 0);
        }

        // (busy, log, checkpointed): log and checkpointed are -1 when the database is not in WAL mode.
        var result = new WalCheckpointResult(reader.GetInt64(1), reader.GetInt64(2));
        metrics?.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("pass", pass));
        return result;
    }
}

/// <param name="LogFrames">Frames in the log when it ran.</param>
/// <param name="Copied">Frames of the log now copied into the database file.</param>
/// <param name="CaughtUp">The pass under the write gate copied the whole log: the next commit starts it over.</param>
internal readonly record struct WalCheckpointResult(long LogFrames, long Copied, bool CaughtUp = false);

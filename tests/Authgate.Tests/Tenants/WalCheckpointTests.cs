using Authgate.Hosting;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Tenants;

/// <summary>
/// The write-ahead log under steady writes, on a real SQLite file: a writer commits without pause (through the
/// <see cref="WriteGate"/>, as the server's writers do) while checkpoint rounds run beside it on their own connection.
/// </summary>
public sealed class WalCheckpointTests : IDisposable
{
    private const int Rounds = 192;
    private const int TransactionsPerRound = 10;
    // Lower than the server's threshold, so the test writes many times it in under a second.
    private const int RestartAfterFrames = 100;
    private const int FrameBytes = 4096 + 24;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "authgate-wal", Guid.NewGuid().ToString("N"));

    [SqliteFact]
    public async Task The_background_checkpoint_lets_the_log_start_over_so_it_stays_small()
    {
        var (walBytes, restarts) = await RunAsync((connection, gate) => WalCheckpoint.RunAsync(connection, gate, CancellationToken.None, RestartAfterFrames));

        restarts.Should().BeGreaterThan(0);
        // The threshold plus what the writer commits while a round runs (it may be one round ahead), and a busy round
        // or two. With PASSIVE checkpoints alone, half these writes left a log of 2–12 MB (5–30 times the bound).
        walBytes.Should().BeLessThan(6L * RestartAfterFrames * FrameBytes);
    }

    [SqliteFact]
    public async Task Every_committed_row_is_in_the_database_after_restarts()
    {
        var (_, restarts) = await RunAsync((connection, gate) => WalCheckpoint.RunAsync(connection, gate, CancellationToken.None, RestartAfterFrames));
        restarts.Should().BeGreaterThan(0);

        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), SUM(n) FROM log";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).Should().Be(Rounds * TransactionsPerRound);
        reader.GetInt64(1).Should().Be((long)Rounds * TransactionsPerRound * (Rounds * TransactionsPerRound + 1) / 2);
    }

    [SqliteFact]
    public async Task A_server_that_stops_leaves_an_empty_log()
    {
        string wal;
        using (var factory = new AuthgateFactory())
        {
            var http = factory.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
            }

            wal = factory.DatabasePath + "-wal";
            new FileInfo(wal).Length.Should().BeGreaterThan(0, "the logins wrote to the log");
        }

        // The pooled connections are still open (nothing cleared the pool), so only the checkpointer emptied it.
        new FileInfo(wal).Length.Should().Be(0);
    }

    private async Task<(long WalBytes, int Restarts)> RunAsync(Func<SqliteConnection, WriteGate, Task<WalCheckpointResult>> checkpoint)
    {
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "authgate.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Authgate"] = $"Data Source={database}" }).Build();
        using var gate = new WriteGate(new StorageSettings(configuration, Options.Create(new AuthgateOptions { DataDirectory = directory })));

        await using (var setup = await OpenAsync())
        {
            await ExecuteAsync(setup, "CREATE TABLE rows (id INTEGER PRIMARY KEY, value BLOB NOT NULL); CREATE TABLE log (n INTEGER PRIMARY KEY, value BLOB NOT NULL);");
        }

        var committed = new SemaphoreSlim(0);
        var roundsDone = 0;
        var roundDone = new SemaphoreSlim(0);
        var writer = Task.Run(async () =>
        {
            await using var connection = await OpenAsync();
            await using var row = connection.CreateCommand();
            row.CommandText = "INSERT OR REPLACE INTO rows (id, value) VALUES ($id, randomblob(300))";
            var id = row.Parameters.Add("$id", SqliteType.Integer);
            await using var log = connection.CreateCommand();
            log.CommandText = "INSERT INTO log (n, value) VALUES ($n, randomblob(200))";
            var n = log.Parameters.Add("$n", SqliteType.Integer);
            var random = new Random(7);
            for (var i = 1; i <= Rounds * TransactionsPerRound; i++)
            {
                // Never more than one round ahead of the checkpoints, so they run while it writes.
                while ((i - 1) / TransactionsPerRound > Volatile.Read(ref roundsDone) + 1)
                {
                    await roundDone.WaitAsync();
                }

                using (await gate.EnterAsync(CancellationToken.None))
                {
                    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                    row.Transaction = transaction;
                    log.Transaction = transaction;
                    for (var k = 0; k < 8; k++)
                    {
                        id.Value = random.Next(4000);
                        await row.ExecuteNonQueryAsync();
                    }

                    n.Value = i;
                    await log.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                }

                committed.Release();
            }
        });

        var restarts = 0;
        await using (var checkpointer = await OpenAsync())
        {
            for (var round = 0; round < Rounds; round++)
            {
                // Each round starts once the writer has committed another round's worth (a signal, not a sleep),
                // and runs while the writer keeps committing.
                for (var i = 0; i < TransactionsPerRound; i++)
                {
                    await committed.WaitAsync();
                }

                var result = await checkpoint(checkpointer, gate);
                restarts += result.CaughtUp ? 1 : 0;
                Interlocked.Increment(ref roundsDone);
                roundDone.Release();
            }

            await writer;
            // Measured while a connection is still open: the last one to close checkpoints and deletes the log.
            return (new FileInfo(database + "-wal").Length, restarts);
        }
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "authgate.db")};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, SqlitePragmas.Statements);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

using System.Data.Common;
using System.Globalization;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Writes;

/// <summary>
/// The group commit on the real database: writes queued while the writer is busy share one transaction (on
/// PostgreSQL their statements go out together), each caller gets its own statements' results, and a failing write
/// fails alone.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private const string Hit = """
        INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (@key, 1, 1, @expires)
        ON CONFLICT (key) DO UPDATE SET count = rate_limits.count + 1
        RETURNING count
        """;

    private readonly AuthgateFactory factory = new();
    private GroupCommit commits = null!;

    public Task InitializeAsync()
    {
        commits = factory.Services.GetRequiredService<GroupCommit>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Writes_committed_together_each_get_their_own_statements_results()
    {
        var prefix = "gc-results-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var writes = await WhileTheWriterIsBusy(() => Enumerable.Range(0, 40).Select(i => commits.WriteAsync("test", async batch =>
        {
            // A statement that returns no rows and changes none, between two that return one: results must not shift.
            var miss = batch.Command("UPDATE rate_limits SET count = count + 1 WHERE key = @key", "@key");
            miss.Parameters[0].Value = prefix + "none";
            var missed = await batch.ExecuteNonQueryAsync(miss);
            var hit = batch.Command(Hit, "@key", "@expires");
            hit.Parameters[0].Value = prefix + (i % 4);
            hit.Parameters[1].Value = long.MaxValue;
            var count = Convert.ToInt64(await batch.ExecuteScalarAsync(hit), CultureInfo.InvariantCulture);
            var echo = batch.Command("SELECT @x", "@x");
            echo.Parameters[0].Value = (long)i * 7;
            var echoed = Convert.ToInt64(await batch.ExecuteScalarAsync(echo), CultureInfo.InvariantCulture);
            return (Index: i, Missed: missed, Count: count, Echoed: echoed);
        })).ToArray());

        writes.Should().AllSatisfy(w => w.Missed.Should().Be(0));
        writes.Should().AllSatisfy(w => w.Echoed.Should().Be(w.Index * 7L, "each write reads its own statement's row"));
        foreach (var key in writes.GroupBy(w => w.Index % 4))
        {
            key.Select(w => w.Count).Should().BeEquivalentTo(Enumerable.Range(1, 10).Select(n => (long)n), "ten hits on one key count 1 to 10, each seen by one write");
        }

        (await CountAsync(prefix)).Should().Be(4);
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_the_others_of_its_group_are_committed()
    {
        var prefix = "gc-failure-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var writes = WhileTheWriterIsBusy(() => Enumerable.Range(0, 10).Select(i => commits.WriteAsync("test", async batch =>
        {
            var hit = batch.Command(Hit, "@key", "@expires");
            hit.Parameters[0].Value = prefix + i;
            hit.Parameters[1].Value = long.MaxValue;
            await batch.ExecuteScalarAsync(hit);
            if (i == 5)
            {
                await batch.ExecuteNonQueryAsync(batch.Command("INSERT INTO no_such_table (id) VALUES (1)"));
            }

            return i;
        })).ToArray());

        var failed = await writes.Invoking(w => w).Should().ThrowAsync<DbException>();
        failed.Which.Message.Should().Contain("no_such_table");
        (await CountAsync(prefix)).Should().Be(9, "the failing write's first statement is rolled back with it, the others' are committed");
    }

    [Fact]
    public async Task One_statement_writes_committed_together_are_one_transaction_each_with_its_own_result()
    {
        var prefix = "gc-one-" + Guid.NewGuid().ToString("N")[..8] + "-";
        // PostgreSQL runs such a group without BEGIN/COMMIT, as one batch: the rows' xmin shows whether the batch
        // was one transaction (autocommitted statements would each have their own).
        var sql = TestDatabase.IsPostgres
            ? "INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (@key, 1, @count, @expires) RETURNING count::text || ' ' || xmin::text"
            : "INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (@key, 1, @count, @expires) RETURNING count || ' one'";
        var writes = await WhileTheWriterIsBusy(() => Enumerable.Range(0, 30).Select(i => commits.WriteScalarStatementAsync("test", batch =>
        {
            var insert = batch.Command(sql, "@key", "@count", "@expires");
            insert.Parameters[0].Value = prefix + i;
            insert.Parameters[1].Value = (long)i * 3;
            insert.Parameters[2].Value = long.MaxValue;
            return insert;
        })).ToArray());
        var changed = await commits.WriteStatementAsync("test", batch =>
        {
            var update = batch.Command("UPDATE rate_limits SET count = count + 1 WHERE key LIKE @prefix", "@prefix");
            update.Parameters[0].Value = prefix + "%";
            return update;
        });

        var returned = writes.Select(w => ((string)w!).Split(' ')).ToArray();
        returned.Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).Should().Equal(Enumerable.Range(0, 30).Select(i => i * 3L), "each write gets its own statement's row");
        returned.Select(r => r[1]).Distinct().Should().ContainSingle("the group is one transaction");
        changed.Should().Be(30, "a one-statement write gets the rows its statement changed");
        (await CountAsync(prefix)).Should().Be(30);
    }

    [Fact]
    public async Task A_failing_one_statement_write_fails_alone_and_the_others_of_its_group_are_committed()
    {
        var prefix = "gc-one-failure-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var writes = WhileTheWriterIsBusy(() => Enumerable.Range(0, 10).Select(i => commits.WriteStatementAsync("test", batch =>
        {
            // The sixth inserts a key the first already holds, with no ON CONFLICT: a unique violation.
            var insert = batch.Command("INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (@key, 1, 1, @expires)", "@key", "@expires");
            insert.Parameters[0].Value = prefix + (i == 5 ? 0 : i);
            insert.Parameters[1].Value = long.MaxValue;
            return insert;
        })).ToArray());

        await writes.Invoking(w => w).Should().ThrowAsync<DbException>();
        (await CountAsync(prefix)).Should().Be(9, "only the duplicate fails; the group is retried write by write");
    }

    [Fact]
    public async Task The_pipeline_refuses_a_second_statement_before_the_first_is_awaited()
    {
        // Pure: the pipeline is only handed the commands (nothing is sent). A write that ran two statements at once would
        // have its results depend on the order they were queued in; the second is refused in the write's own turn.
        var pipeline = new WritePipeline();
        Exception? refused = null;
        Task<object?>? first = null;
        await pipeline.RunUntilWaitingAsync(() =>
        {
            first = pipeline.Queue(new Npgsql.NpgsqlCommand("SELECT 1"), returnsRow: true);
            try
            {
                _ = pipeline.Queue(new Npgsql.NpgsqlCommand("SELECT 2"), returnsRow: true);
            }
            catch (InvalidOperationException e)
            {
                refused = e;
            }
        }).WaitAsync(TimeSpan.FromSeconds(5));

        refused.Should().NotBeNull().And.BeOfType<InvalidOperationException>().Which.Message.Should().Contain("await each statement");
        first!.IsCompleted.Should().BeFalse("the first statement waits for the next flush");
        pipeline.HasQueued.Should().BeTrue();
    }

    /// <summary>
    /// Queues the writes while the writer is held inside a write of its own, so they wait for it together and form
    /// one group; returns their results.
    /// </summary>
    private async Task<T[]> WhileTheWriterIsBusy<T>(Func<Task<T>[]> queue)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = commits.WriteAsync("test_hold", async _ =>
        {
            entered.SetResult();
            await release.Task;
            return 0;
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var writes = queue();
        release.SetResult();
        await holding;
        return await Task.WhenAll(writes);
    }

    private Task<long> CountAsync(string prefix) => commits.WriteAsync("test_count", async batch =>
    {
        var count = batch.Command("SELECT count(*) FROM rate_limits WHERE key LIKE @prefix", "@prefix");
        count.Parameters[0].Value = prefix + "%";
        return Convert.ToInt64(await batch.ExecuteScalarAsync(count), CultureInfo.InvariantCulture);
    });
}

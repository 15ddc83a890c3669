using System.Data;
using System.Data.Common;
using Authgate.Storage;

namespace Authgate.Tests.Unit;

/// <summary>
/// How concurrent reads by key share statements (<see cref="SharedKeyReads{T}"/>, used for PostgreSQL's user reads):
/// who joins which statement, what each caller gets, and how one caller's failure stays its own. The statement here is
/// a table in memory whose answers the test holds and releases; the userinfo tests run the real one on both databases.
/// </summary>
public sealed class SharedKeyReadsTests
{
    private sealed record Row(string Key, string Value);

    /// <summary>A table of key → value, the statements run against it, and a gate that holds the next statement.</summary>
    private sealed class Table
    {
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
        public List<string[]> Statements { get; } = [];
        public TaskCompletionSource? Hold { get; set; }
        public Func<string[], bool> Refuses { get; set; } = _ => false;

        public async Task ReadAsync(string[] keys, Action<string, DbDataReader> deliver)
        {
            Statements.Add(keys);
            if (Refuses(keys))
            {
                throw new InvalidOperationException("refused: " + string.Join(",", keys));
            }

            // What the statement sees is the table as it starts; holding it then models a statement under way.
            var rows = new DataTable();
            rows.Columns.Add("key");
            rows.Columns.Add("value");
            foreach (var key in keys.Where(Values.ContainsKey))
            {
                rows.Rows.Add(key, Values[key]);
            }

            if (Hold is { } hold)
            {
                Hold = null;
                await hold.Task;
            }

            using var reader = rows.CreateDataReader();
            while (reader.Read())
            {
                deliver(reader.GetString(0), reader);
            }
        }
    }

    private static SharedKeyReads<Row> Reads(Table table, List<int>? batches = null) => new(
        table.ReadAsync,
        reader => reader.GetString(1) == "unreadable" ? throw new FormatException("unreadable row") : new Row(reader.GetString(0), reader.GetString(1)),
        callers => batches?.Add(callers));

    [Fact]
    public async Task A_caller_alone_runs_its_statement_at_once()
    {
        var table = new Table { Values = { ["a"] = "1" } };
        var reads = Reads(table);

        var row = await reads.ReadAsync("a");

        row.Should().Be(new Row("a", "1"));
        table.Statements.Should().ContainSingle().Which.Should().Equal("a");
    }

    [Fact]
    public async Task Callers_who_ask_while_a_statement_runs_share_the_next_and_each_gets_its_own_row()
    {
        var table = new Table();
        foreach (var i in Enumerable.Range(0, 5))
        {
            table.Values["k" + i] = "v" + i;
        }

        var batches = new List<int>();
        var reads = Reads(table, batches);
        var hold = table.Hold = new TaskCompletionSource();
        var first = reads.ReadAsync("k0");
        table.Statements.Should().HaveCount(1, "the first caller's statement started at once");

        var keys = Enumerable.Range(0, 10).Select(i => "k" + (i % 5)).Append("unknown").ToArray();
        var waiting = keys.Select(reads.ReadAsync).ToArray();
        table.Statements.Should().HaveCount(1, "nobody joins a statement under way, and the next waits for it");
        hold.SetResult();
        var rows = await Task.WhenAll(waiting);

        (await first).Should().Be(new Row("k0", "v0"));
        table.Statements.Should().HaveCount(2);
        table.Statements[1].Should().BeEquivalentTo(keys.Distinct(), "one statement for the eleven callers, each key once");
        batches.Should().Equal(1, 11);
        for (var i = 0; i < 10; i++)
        {
            rows[i].Should().Be(new Row(keys[i], "v" + (i % 5)));
        }

        rows[10].Should().BeNull("no row has that key");
        rows[0].Should().NotBeSameAs(rows[5], "two requests for one key never share an entity");
    }

    [Fact]
    public async Task A_caller_is_never_answered_by_a_statement_that_started_before_it_asked()
    {
        var table = new Table { Values = { ["a"] = "before" } };
        var reads = Reads(table);
        var hold = table.Hold = new TaskCompletionSource();
        var early = reads.ReadAsync("a");

        var late = reads.ReadAsync("a");
        table.Values["a"] = "after";
        hold.SetResult();

        (await early)!.Value.Should().Be("before");
        (await late)!.Value.Should().Be("after", "it asked after the first statement had read the table");
    }

    [Fact]
    public async Task A_key_the_database_refuses_fails_only_its_own_callers()
    {
        var table = new Table { Values = { ["a"] = "1", ["b"] = "2" }, Refuses = keys => keys.Contains("bad\0key") };
        var reads = Reads(table);
        var hold = table.Hold = new TaskCompletionSource();
        var first = reads.ReadAsync("a");
        var a = reads.ReadAsync("a");
        var bad = reads.ReadAsync("bad\0key");
        var b = reads.ReadAsync("b");
        hold.SetResult();

        (await first)!.Value.Should().Be("1");
        (await a)!.Value.Should().Be("1");
        (await b)!.Value.Should().Be("2");
        await bad.Invoking(t => t).Should().ThrowAsync<InvalidOperationException>();
        table.Statements.Skip(2).Should().HaveCount(3, "after the shared statement failed, each key ran alone");
    }

    [Fact]
    public async Task A_row_that_cannot_be_read_fails_only_its_callers()
    {
        var table = new Table { Values = { ["a"] = "1", ["broken"] = "unreadable" } };
        var reads = Reads(table);
        var hold = table.Hold = new TaskCompletionSource();
        var first = reads.ReadAsync("a");
        var broken = reads.ReadAsync("broken");
        var a = reads.ReadAsync("a");
        hold.SetResult();

        await first;
        (await a)!.Value.Should().Be("1");
        await broken.Invoking(t => t).Should().ThrowAsync<FormatException>();
        table.Statements.Should().HaveCount(2, "a row's own failure does not rerun the statement");
    }

    [Fact]
    public async Task A_failed_statement_fails_its_callers_and_the_next_caller_reads_again()
    {
        var table = new Table { Values = { ["a"] = "1" }, Refuses = _ => true };
        var reads = Reads(table);

        await reads.Invoking(r => r.ReadAsync("a")).Should().ThrowAsync<InvalidOperationException>();

        table.Refuses = _ => false;
        (await reads.ReadAsync("a"))!.Value.Should().Be("1");
    }
}

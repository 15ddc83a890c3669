using System.Globalization;
using Authgate.Protection;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Protection;

/// <summary>
/// The counter against the real database, as two nodes share it: two counters on one group commit. A node answers
/// a key it saw refused from memory until the window ends, and that never changes a decision any node makes.
/// </summary>
public sealed class RateLimitCounterTests : IDisposable
{
    private readonly AuthgateFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_key_past_its_limit_is_refused_from_memory_until_its_window_ends_and_the_other_node_still_counts()
    {
        var commits = factory.Services.GetRequiredService<GroupCommit>();
        var nodeA = new RateLimitCounter(commits, factory.Clock);
        var nodeB = new RateLimitCounter(commits, factory.Clock);
        var key = "test|" + Guid.NewGuid().ToString("N");
        var window = TimeSpan.FromMinutes(1);

        (await nodeA.HitAsync(key, 2, window, default)).Allowed.Should().BeTrue();
        (await nodeB.HitAsync(key, 2, window, default)).Allowed.Should().BeTrue();
        var first = await nodeA.HitAsync(key, 2, window, default);
        first.Allowed.Should().BeFalse();
        first.JustExceeded.Should().BeTrue("the window's first refusal, logged once");

        for (var i = 0; i < 5; i++)
        {
            var remembered = await nodeA.HitAsync(key, 2, window, default);
            remembered.Should().BeEquivalentTo(new { Allowed = false, Limit = 2, Remaining = 0, first.ResetUnixSeconds, JustExceeded = false });
        }

        (await StoredCountAsync(commits, key)).Should().Be(3, "refusals from memory write nothing");

        var other = await nodeB.HitAsync(key, 2, window, default);
        other.Should().BeEquivalentTo(new { Allowed = false, Count = 4L, JustExceeded = false }, "the other node counts in the database as before");

        (await nodeA.HitAsync(key, 10, window, default)).Should().BeEquivalentTo(new { Allowed = true, Count = 5L }, "a changed limit is counted again");

        factory.Clock.Advance(window);
        (await nodeA.HitAsync(key, 2, window, default)).Should().BeEquivalentTo(new { Allowed = true, Count = 1L }, "a new window starts from zero");
    }

    [Fact]
    public async Task At_most_the_bound_of_keys_is_remembered_and_past_it_refusals_are_counted()
    {
        var commits = factory.Services.GetRequiredService<GroupCommit>();
        var node = new RateLimitCounter(commits, factory.Clock);
        var prefix = "bound|" + Guid.NewGuid().ToString("N") + "|";
        var window = TimeSpan.FromMinutes(1);

        // Limit 0: every first hit is refused and remembered.
        await Task.WhenAll(Enumerable.Range(0, RateLimitCounter.MaxRemembered).Select(i => node.HitAsync(prefix + i, 0, window, default)));
        (await node.HitAsync(prefix + "one-more", 0, window, default)).Allowed.Should().BeFalse();
        (await node.HitAsync(prefix + "one-more", 0, window, default)).Count.Should().Be(2, "the table is full, so this key is counted in the database");
        (await node.HitAsync(prefix + 0, 0, window, default)).Count.Should().Be(0, "a remembered key is still answered from memory");

        factory.Clock.Advance(window);
        // Full of expired windows: the next refusal clears them and is remembered.
        await node.HitAsync(prefix + "next-window", 0, window, default);
        (await node.HitAsync(prefix + "next-window", 0, window, default)).Count.Should().Be(0);
    }

    private static async Task<long> StoredCountAsync(GroupCommit commits, string key) =>
        Convert.ToInt64(await commits.WriteScalarStatementAsync("test", batch =>
        {
            var read = batch.Command("SELECT count FROM rate_limits WHERE key = @key", "@key");
            read.Parameters[0].Value = key;
            return read;
        }), CultureInfo.InvariantCulture);
}

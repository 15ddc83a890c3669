using System.Net;
using Authgate.Connections;
using Authgate.Protection;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Protection;

public sealed class RateLimitAndLaneTests
{
    [Fact]
    public async Task Token_endpoint_limits_per_client_report_auth0s_headers_and_429()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?> { ["Authgate:Protection:TokenRequestsPerClientPerMinute"] = "3" });
        var http = factory.CreateClient();

        var first = await http.PostFormAsync(Protocol.PasswordGrant());
        await first.ShouldSucceedAsync();
        first.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("3");
        first.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("2");
        long.Parse(first.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(factory.Clock.GetUtcNow().ToUnixTimeSeconds());
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();

        var limited = await http.PostFormAsync(Protocol.PasswordGrant());

        await limited.ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        limited.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("0");
        limited.Headers.RetryAfter.Should().NotBeNull();
        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.HsClientId, clientSecret: TestTenant.HsClientSecret))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Token_endpoint_limit_per_ip()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?> { ["Authgate:Protection:TokenRequestsPerIpPerMinute"] = "2" });
        var http = factory.CreateClient();

        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.HsClientId, clientSecret: TestTenant.HsClientSecret))).ShouldSucceedAsync();

        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
    }

    [Fact]
    public async Task A_full_hashing_lane_refuses_without_queueing_with_retry_after()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?>
        {
            ["Authgate:PasswordHashing:MaxConcurrency"] = "1",
            ["Authgate:HashingLane:MaxQueued"] = "2",
            ["Authgate:HashingLane:MaxQueuedPerCaller"] = "2",
        });
        var http = factory.CreateClient();

        // The one hashing thread is held by a blocker, so what the lane accepts cannot drain while the requests
        // arrive, however slowly a loaded machine delivers them: two wait in the queue, the other ten are refused.
        var lane = factory.Services.GetRequiredService<HashingLane>();
        using var gate = new ManualResetEventSlim();
        using var running = new ManualResetEventSlim();
        var blocker = lane.TryRun("test-blocker", () => { running.Set(); return gate.Wait(TimeSpan.FromSeconds(60)); })!;
        running.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();
        var requests = Enumerable.Range(0, 12).Select(i => http.LoginFromAsync($"198.51.100.{i}", $"user{i}@example.test", "wrong")).ToList();
        SpinWait.SpinUntil(() => lane.Queued == 2 && requests.Count(r => r.IsCompleted) == 10, TimeSpan.FromSeconds(60))
            .Should().BeTrue("two requests wait for the held thread and ten are answered without waiting for it");
        gate.Set();
        (await blocker).Should().BeTrue();
        var responses = await Task.WhenAll(requests);

        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        busy.Should().HaveCount(10);
        foreach (var response in busy)
        {
            await response.ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
            response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        }

        responses.Count(r => r.StatusCode == HttpStatusCode.Forbidden).Should().Be(2, "the two queued attempts are checked once the thread is free");
    }

    [Fact]
    public async Task The_lane_serves_callers_in_turn()
    {
        using var lane = new HashingLane(
            Options.Create(new HashingLaneOptions { MaxQueued = 100, MaxQueuedPerCaller = 100 }),
            Options.Create(new PasswordHashingOptions { MaxConcurrency = 1 }));
        var order = new List<string>();
        using var gate = new ManualResetEventSlim();
        using var running = new ManualResetEventSlim();
        var blocker = lane.TryRun("flood", () => { running.Set(); return gate.Wait(TimeSpan.FromSeconds(10)); })!;
        running.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();

        var flood = Enumerable.Range(0, 10).Select(i => lane.TryRun("flood", () => { lock (order) { order.Add("flood"); } return i; })!).ToList();
        var user = lane.TryRun("user", () => { lock (order) { order.Add("user"); } return -1; })!;
        lane.Queued.Should().Be(11);
        gate.Set();
        await Task.WhenAll([blocker, user, .. flood]);

        order.IndexOf("user").Should().BeLessThanOrEqualTo(1, "the user waits for one flood item at most, not ten");
    }

    [Theory]
    [InlineData(true, 5, 10)]
    [InlineData(false, 0, 10)]
    public async Task Hashing_threads_run_in_the_idle_scheduling_class_or_at_nice_10(bool idleClass, int policy, int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var lane = new HashingLane(
            Options.Create(new HashingLaneOptions { IdleClass = idleClass }),
            Options.Create(new PasswordHashingOptions { MaxConcurrency = 1 }));

        var hashingThread = await lane.TryRun("a", ThisThreadsScheduling)!;

        hashingThread.Should().Be((policy, nice), "5 is SCHED_IDLE, 0 the normal class");
        ThisThreadsScheduling().Policy.Should().Be(0, "the caller's thread keeps the normal class");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Hashing_threads_give_up_their_core_between_blocks_of_a_hash_and_request_threads_do_not(bool idleClass)
    {
        if (!OperatingSystem.IsLinux() || !Argon2idSimd.IsSupported)
        {
            return;
        }

        using var lane = new HashingLane(
            Options.Create(new HashingLaneOptions { IdleClass = idleClass }),
            Options.Create(new PasswordHashingOptions { MaxConcurrency = 1 }));
        var output = new byte[32];

        // 4 MiB, two passes: 8 segments of 1,024 blocks, a yield every 256th block but the first segment's first.
        var onHashingThread = await lane.TryRun("a", () => YieldsDuring(() => Argon2idSimd.Hash("pw"u8, "0123456789abcdef"u8, 4096, 2, 1, output)))!;
        var onRequestThread = YieldsDuring(() => Argon2idSimd.Hash("pw"u8, "0123456789abcdef"u8, 4096, 2, 1, output));

        onHashingThread.Should().Be(31);
        onRequestThread.Should().Be(0, "a thread of the normal class has nobody to make way for");
    }

    private static long YieldsDuring(Action action)
    {
        var before = ThreadNice.YieldsOnThisThread;
        action();
        return ThreadNice.YieldsOnThisThread - before;
    }

    /// <summary>The 41st and 19th fields of <c>/proc/thread-self/stat</c>: the policy (0 SCHED_OTHER, 5 SCHED_IDLE) and the nice value.</summary>
    private static (int Policy, int Nice) ThisThreadsScheduling()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[38], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_lane_refuses_past_its_bounds()
    {
        using var lane = new HashingLane(
            Options.Create(new HashingLaneOptions { MaxQueued = 3, MaxQueuedPerCaller = 2 }),
            Options.Create(new PasswordHashingOptions { MaxConcurrency = 1 }));
        using var gate = new ManualResetEventSlim();
        lane.TryRun("a", () => gate.Wait(TimeSpan.FromSeconds(10))).Should().NotBeNull();
        SpinWait.SpinUntil(() => lane.Queued == 0, TimeSpan.FromSeconds(5));

        lane.TryRun("a", () => 1).Should().NotBeNull();
        lane.TryRun("a", () => 2).Should().NotBeNull();
        lane.TryRun("a", () => 3).Should().BeNull("per caller bound");
        lane.TryRun("b", () => 4).Should().NotBeNull();
        lane.TryRun("c", () => 5).Should().BeNull("total bound");
        gate.Set();
    }

    [Fact]
    public async Task A_refusal_is_held_for_the_configured_delay_unless_too_many_are_held()
    {
        var clock = new ManualTimers();
        var hold = Hold(clock, delayMilliseconds: 100);

        var held = Enumerable.Range(0, RefusalHold.MaxHeld).Select(_ => hold.HoldAsync(CancellationToken.None)).ToList();
        held.Should().OnlyContain(t => !t.IsCompleted, "each waits for its 100 ms");
        hold.HoldAsync(CancellationToken.None).IsCompleted.Should().BeTrue("past the cap a refusal is answered at once");
        clock.Advance(TimeSpan.FromMilliseconds(99));
        held.Should().OnlyContain(t => !t.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(held);
        var next = hold.HoldAsync(CancellationToken.None);
        next.IsCompleted.Should().BeFalse("the released holds make room again");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await next;
    }

    [Fact]
    public async Task A_held_refusal_ends_when_the_client_goes_away_and_none_is_held_when_the_delay_is_zero()
    {
        var clock = new ManualTimers();
        var hold = Hold(clock, delayMilliseconds: 100);
        using var gone = new CancellationTokenSource();
        var held = hold.HoldAsync(gone.Token);
        held.IsCompleted.Should().BeFalse();

        await gone.CancelAsync();
        await held;

        Hold(clock, delayMilliseconds: 0).HoldAsync(CancellationToken.None).IsCompleted.Should().BeTrue();
    }

    [Theory]
    [InlineData("Authgate:Protection:TokenRequestsPerIpPerMinute")]
    [InlineData("Authgate:Protection:TokenRequestsPerClientPerMinute")]
    public async Task A_token_request_past_the_endpoints_limits_is_held_before_its_429(string limit)
    {
        // The longest hold allowed (10 s), so the test sees the refusal waiting instead of timing it.
        using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?>
        {
            [limit] = "1",
            ["Authgate:HashingLane:RefusalDelayMilliseconds"] = "10000",
        });
        using var http = factory.CreateClient();
        var hold = factory.Services.GetRequiredService<RefusalHold>();
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();

        await HeldRefusal.ShouldBeHeldUntilTheClientLeavesAsync(hold,
            leave => http.PostAsync("/oauth/token", new FormUrlEncodedContent(Protocol.PasswordGrant()), leave), "the 429 waits out the hold");
    }

    private static RefusalHold Hold(ManualTimers clock, int delayMilliseconds) =>
        new(Options.Create(new HashingLaneOptions { RefusalDelayMilliseconds = delayMilliseconds }), clock);
}

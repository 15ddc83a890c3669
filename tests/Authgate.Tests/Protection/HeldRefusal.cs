using Authgate.Protection;

namespace Authgate.Tests.Protection;

/// <summary>A refused request waiting out its hold, seen from the server's count of held refusals rather than timed.</summary>
internal static class HeldRefusal
{
    /// <summary>
    /// Sends a request that must be refused, checks that its answer waits while the server holds it (the tests set the
    /// longest hold, 10 s), then leaves and checks that leaving frees the hold.
    /// </summary>
    public static async Task ShouldBeHeldUntilTheClientLeavesAsync(RefusalHold hold, Func<CancellationToken, Task<HttpResponseMessage>> send, string because)
    {
        hold.Held.Should().Be(0);
        using var leave = new CancellationTokenSource();
        var refused = send(leave.Token);
        await WaitUntilAsync(() => hold.Held > 0 || refused.IsCompleted);

        refused.IsCompleted.Should().BeFalse(because);
        hold.Held.Should().Be(1);
        await leave.CancelAsync();
        await FluentActions.Awaiting(() => refused).Should().ThrowAsync<OperationCanceledException>();
        await WaitUntilAsync(() => hold.Held == 0);
        hold.Held.Should().Be(0, "a client that left frees its hold");
    }

    /// <summary>Polls server state until <paramref name="condition"/> holds or 30 s pass; the caller asserts after.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
    }
}

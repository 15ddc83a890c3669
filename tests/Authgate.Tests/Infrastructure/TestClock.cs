namespace Authgate.Tests.Infrastructure;

/// <summary>
/// A clock the tests move by hand, to check expiry to the second. It starts at the real time (whole seconds) so
/// tokens it stamps are also valid for parts that read the system clock, such as the sample API.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

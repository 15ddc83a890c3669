using System.Net;
using Authgate.Tests.Infrastructure;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.RefreshTokens;

/// <summary>Throttling, the per-user cap and the purge, each on a server with small limits.</summary>
public sealed class RefreshTokenLimitsTests : IDisposable
{
    private readonly AuthgateFactory factory = new(TestTenant.Create(), new Dictionary<string, string?>
    {
        ["Authgate:RefreshTokens:ExchangesPerTokenPerMinute"] = "3",
        ["Authgate:RefreshTokens:MaxActivePerUserAndClient"] = "2",
        ["Authgate:RefreshTokens:RotatedRetention"] = "01:00:00",
    });

    public void Dispose() => factory.Dispose();

    private async Task<string> LoginAsync(HttpClient http, string clientId = TestTenant.WebClientId, string secret = TestTenant.WebClientSecret) =>
        (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret, scope: "offline_access"))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;

    [Fact]
    public async Task Repeated_use_of_one_token_from_one_ip_is_throttled_with_429_and_retry_after()
    {
        var http = factory.CreateClient();
        var token = await LoginAsync(http);
        var start = factory.Clock.GetUtcNow();
        factory.Clock.Advance(TimeSpan.FromMilliseconds(60_000 - (start.ToUnixTimeMilliseconds() % 60_000)));
        for (var i = 0; i < 3; i++)
        {
            await (await http.PostFormAsync(Protocol.RefreshGrant(token))).ShouldSucceedAsync();
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(20));
        var throttled = await http.PostFormAsync(Protocol.RefreshGrant(token));

        await throttled.ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        throttled.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(40));
        throttled.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("3");
        throttled.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("0");
        long.Parse(throttled.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(factory.Clock.GetUtcNow().ToUnixTimeSeconds() + 40);

        var other = await LoginAsync(http);
        await (await http.PostFormAsync(Protocol.RefreshGrant(other))).ShouldSucceedAsync();

        factory.Clock.Advance(TimeSpan.FromSeconds(40));
        await (await http.PostFormAsync(Protocol.RefreshGrant(token))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Past_the_cap_of_active_logins_the_oldest_refresh_token_is_revoked()
    {
        var http = factory.CreateClient();
        var oldest = await LoginAsync(http, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var middle = await LoginAsync(http, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var newest = await LoginAsync(http, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);

        await (await http.PostFormAsync(Protocol.RefreshGrant(oldest, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await http.PostFormAsync(Protocol.RefreshGrant(middle, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync();
        await (await http.PostFormAsync(Protocol.RefreshGrant(newest, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Purge_deletes_dead_tokens_in_bounded_batches_and_keeps_live_ones()
    {
        var http = factory.CreateClient();
        var expiring = await LoginAsync(http, TestTenant.RotatingClientId, TestTenant.RotatingClientSecret);
        var rotated = (await (await http.PostFormAsync(Protocol.RefreshGrant(expiring, TestTenant.RotatingClientId, TestTenant.RotatingClientSecret))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;
        var revoked = await LoginAsync(http);
        (await http.PostFormAsync(new Dictionary<string, string> { ["token"] = revoked, ["client_id"] = TestTenant.WebClientId, ["client_secret"] = TestTenant.WebClientSecret }, "/oauth/revoke"))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var live = await LoginAsync(http);

        factory.Clock.Advance(TimeSpan.FromSeconds(TestTenant.RotatingIdleLifetime) + TimeSpan.FromDays(1));
        await using var scope = factory.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<RefreshTokenPurger>().PurgeOnceAsync(CancellationToken.None);

        deleted.Should().BeGreaterThanOrEqualTo(3, "the rotated parent, its idle-expired successor and the revoked token");
        var remaining = await factory.WithDbAsync(db => db.RefreshTokens.Select(t => t.Id).ToListAsync());
        remaining.Should().Contain(IdOf(live));
        remaining.Should().NotContain([IdOf(expiring), IdOf(rotated), IdOf(revoked)]);
        await (await http.PostFormAsync(Protocol.RefreshGrant(live))).ShouldSucceedAsync();
    }

    private static string? IdOf(string value) => Authgate.Tokens.RefreshTokenValues.IdOf(value);
}

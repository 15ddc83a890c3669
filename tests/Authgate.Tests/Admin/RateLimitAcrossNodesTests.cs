using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Admin;

/// <summary>The Management API budget is the tenant's: two servers on one database spend the same one.</summary>
public sealed class RateLimitAcrossNodesTests
{
    [Fact]
    public async Task Past_the_limit_the_management_api_answers_429_on_every_node_until_the_window_ends()
    {
        var limits = new Dictionary<string, string?> { ["Authgate:ManagementApi:RequestsPerMinute"] = "5" };
        using var first = new AuthgateFactory(TestTenant.Create(), limits);
        var a = new Infrastructure.Management(first.CreateClient());
        (await a.SendAsync(HttpMethod.Get, "clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var second = new AuthgateFactory(tenant: null, limits, first.DataDirectory);
        second.Clock.Advance(first.Clock.GetUtcNow() - second.Clock.GetUtcNow());
        var b = new Infrastructure.Management(second.CreateClient());

        (await b.SendAsync(HttpMethod.Get, "clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await a.SendAsync(HttpMethod.Get, "clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await b.SendAsync(HttpMethod.Get, "clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var last = await a.SendAsync(HttpMethod.Get, "clients");
        last.StatusCode.Should().Be(HttpStatusCode.OK);
        last.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("0");

        var refused = await b.SendAsync(HttpMethod.Get, "clients");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(refused, HttpStatusCode.TooManyRequests, "too_many_requests", "Global limit has been reached");
        refused.Headers.RetryAfter.Should().NotBeNull();

        first.Clock.Advance(TimeSpan.FromMinutes(1));
        (await a.SendAsync(HttpMethod.Get, "clients")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

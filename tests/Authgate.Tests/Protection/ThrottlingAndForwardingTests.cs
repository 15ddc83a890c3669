using System.Net;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Protection;

public sealed class ThrottlingAndForwardingTests : IDisposable
{
    private const string Suspicious = "We have detected suspicious login behavior and further attempts will be blocked. Please contact the administrator.";
    private readonly AuthgateFactory factory = new();
    private readonly HttpClient http;
    private readonly Infrastructure.Management management;

    public ThrottlingAndForwardingTests()
    {
        http = factory.CreateClient();
        management = new Infrastructure.Management(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Suspicious_ip_throttling_counts_failures_across_accounts_and_refills()
    {
        await management.PatchAsync("attack-protection/suspicious-ip-throttling", new Dictionary<string, object>
        {
            ["stage"] = new Dictionary<string, object> { ["pre-login"] = new { max_attempts = 3, rate = 60_000 } },
        });

        for (var i = 0; i < 3; i++)
        {
            await (await http.LoginFromAsync("198.51.100.50", $"victim{i}@example.test", "guess")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        }

        await (await http.LoginFromAsync("198.51.100.50")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts", Suspicious);
        await (await http.LoginFromAsync("198.51.100.51")).ShouldSucceedAsync();
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "limit_mu" && l["ip"]?.GetValue<string>() == "198.51.100.50");

        factory.Clock.Advance(TimeSpan.FromSeconds(60));
        await (await http.LoginFromAsync("198.51.100.50")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task A_throttled_ips_refusal_is_held_before_it_is_answered_and_released_when_the_client_goes_away()
    {
        // The longest hold allowed (10 s), so the test sees the refusal waiting instead of timing it.
        using var held = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?> { ["Authgate:HashingLane:RefusalDelayMilliseconds"] = "10000" });
        using var client = held.CreateClient();
        await new Infrastructure.Management(held.CreateClient()).PatchAsync("attack-protection/suspicious-ip-throttling", new Dictionary<string, object>
        {
            ["stage"] = new Dictionary<string, object> { ["pre-login"] = new { max_attempts = 1, rate = 864_000 } },
        });
        await (await client.LoginFromAsync("198.51.100.70", "victim@example.test", "guess")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        var hold = held.Services.GetRequiredService<Authgate.Protection.RefusalHold>();
        await HeldRefusal.ShouldBeHeldUntilTheClientLeavesAsync(hold,
            leave => client.LoginFromAsync("198.51.100.70", cancellationToken: leave), "the throttled IP's 429 waits out the hold");
    }

    [Fact]
    public async Task Suspicious_ip_allowlist_and_validation()
    {
        await management.PatchAsync("attack-protection/suspicious-ip-throttling", new Dictionary<string, object>
        {
            ["allowlist"] = new[] { "2001:db8::/32" },
            ["stage"] = new Dictionary<string, object> { ["pre-login"] = new { max_attempts = 1, rate = 864_000 } },
        });

        for (var i = 0; i < 3; i++)
        {
            await (await http.LoginFromAsync("2001:db8::5", $"victim{i}@example.test", "guess")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        }

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, "attack-protection/suspicious-ip-throttling", new { allowlist = new[] { "10.0.0.0/33" } }), HttpStatusCode.BadRequest);
        (await management.GetAsync("attack-protection/suspicious-ip-throttling"))["stage"]!["pre-login"]!["max_attempts"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task More_than_twenty_logins_a_minute_for_one_user_and_ip_are_limited()
    {
        for (var i = 0; i < 20; i++)
        {
            await (await http.LoginFromAsync("198.51.100.60")).ShouldSucceedAsync();
        }

        var limited = await http.LoginFromAsync("198.51.100.60");
        await limited.ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        limited.Headers.RetryAfter.Should().NotBeNull();
        await (await http.LoginFromAsync("198.51.100.61")).ShouldSucceedAsync();
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "limit_sul");
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await http.LoginFromAsync("198.51.100.60")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Forwarded_ip_is_the_users_ip_only_for_a_trusted_authenticated_client()
    {
        await (await http.LoginFromAsync("198.51.100.70")).ShouldSucceedAsync();
        var trusted = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s" && l["client_id"]!.GetValue<string>() == TestTenant.BackendClientId);
        trusted["ip"]!.GetValue<string>().Should().Be("198.51.100.70");

        await (await http.LoginFromAsync("198.51.100.71", clientId: TestTenant.WebClientId, secret: TestTenant.WebClientSecret)).ShouldSucceedAsync();
        var untrusted = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s" && l["client_id"]!.GetValue<string>() == TestTenant.WebClientId);
        untrusted["ip"]?.GetValue<string>().Should().NotBe("198.51.100.71", "the client is not marked is_token_endpoint_ip_header_trusted");

        await (await http.LoginFromAsync("198.51.100.72", clientId: TestTenant.PublicClientId, secret: null)).ShouldSucceedAsync();
        var publicClient = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s" && l["client_id"]!.GetValue<string>() == TestTenant.PublicClientId);
        publicClient["ip"]?.GetValue<string>().Should().NotBe("198.51.100.72", "a public client proves nothing");
    }

    [Theory]
    [InlineData("198.51.100.80, 198.51.100.81", null)]
    [InlineData("not-an-ip", null)]
    [InlineData("::ffff:198.51.100.82", "198.51.100.82")]
    [InlineData("2001:db8::7", "2001:db8::7")]
    public async Task Forwarded_header_must_be_one_ip_and_mapped_ipv4_counts_as_ipv4(string header, string? expected)
    {
        await (await http.LoginFromAsync(header)).ShouldSucceedAsync();

        var entry = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s");
        entry["ip"]?.GetValue<string>().Should().Be(expected);
    }

    [Fact]
    public async Task Malformed_requests_are_not_counted_as_failed_logins()
    {
        await management.PatchAsync("attack-protection/brute-force-protection", new { max_attempts = 2 });

        for (var i = 0; i < 5; i++)
        {
            await (await http.PostRawAsync("{\"grant_type\":\"password\",", "application/json")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
            var form = Protocol.PasswordGrant(clientId: TestTenant.BackendClientId, clientSecret: TestTenant.BackendClientSecret);
            form.Remove("password");
            await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
        }

        await (await http.LoginFromAsync(null)).ShouldSucceedAsync();
    }
}

using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Admin;

/// <summary>
/// The Deploy CLI sends its three attack-protection PATCHes at once, to a tenant that never stored any: every one
/// succeeds and none undoes another, on one server and across two sharing the database.
/// </summary>
public sealed class AttackProtectionConcurrencyTests
{
    [Fact]
    public async Task Concurrent_patches_on_a_fresh_tenant_all_succeed_and_all_changes_are_kept_across_nodes()
    {
        using var first = new AuthgateFactory(TestTenant.Create());
        using var second = new AuthgateFactory(tenant: null, dataDirectory: first.DataDirectory);
        var a = new Infrastructure.Management(first.CreateClient());
        var b = new Infrastructure.Management(second.CreateClient());
        (await a.GetAsync("attack-protection/brute-force-protection"))["max_attempts"]!.GetValue<int>().Should().Be(10, "nothing is stored yet");

        // Each change sent several times over, so that first writes to the missing row meet on any machine.
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).SelectMany(_ => new[]
        {
            a.SendAsync(HttpMethod.Patch, "attack-protection/brute-force-protection", new { max_attempts = 7 }),
            a.SendAsync(HttpMethod.Patch, "attack-protection/suspicious-ip-throttling", new { allowlist = new[] { "10.0.0.1" } }),
            a.SendAsync(HttpMethod.Patch, "attack-protection/breached-password-detection", new { method = "enhanced" }),
            b.SendAsync(HttpMethod.Patch, "attack-protection/brute-force-protection", new { mode = "count_per_identifier" }),
            b.SendAsync(HttpMethod.Patch, "attack-protection/suspicious-ip-throttling", new { stage = new Dictionary<string, object> { ["pre-login"] = new { max_attempts = 5, rate = 40000 } } }),
            b.SendAsync(HttpMethod.Patch, "attack-protection/breached-password-detection", new { admin_notification_frequency = new[] { "daily" } }),
        }));

        foreach (var response in responses)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var bruteForce = await b.GetAsync("attack-protection/brute-force-protection");
        bruteForce["max_attempts"]!.GetValue<int>().Should().Be(7);
        bruteForce["mode"]!.GetValue<string>().Should().Be("count_per_identifier");
        var suspicious = await a.GetAsync("attack-protection/suspicious-ip-throttling");
        suspicious["allowlist"]!.AsArray().Select(i => i!.GetValue<string>()).Should().Equal("10.0.0.1");
        suspicious["stage"]!["pre-login"]!["max_attempts"]!.GetValue<int>().Should().Be(5);
        var breached = await b.GetAsync("attack-protection/breached-password-detection");
        breached["method"]!.GetValue<string>().Should().Be("enhanced");
        breached["admin_notification_frequency"]!.AsArray().Select(i => i!.GetValue<string>()).Should().Equal("daily");
    }
}

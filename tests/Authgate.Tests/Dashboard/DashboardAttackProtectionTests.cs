using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Dashboard;

/// <summary>The attack protection page: three <c>PATCH</c> bodies for <c>AttackProtectionService</c>, read back through the Management API.</summary>
public sealed class DashboardAttackProtectionTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    [Fact]
    public async Task Each_form_saves_its_settings_and_an_out_of_range_value_is_refused_beside_its_field_with_nothing_written()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "protection@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var page = await admin.GetAsync("/admin/attack-protection");
        page.Status.Should().Be(HttpStatusCode.OK);
        page.Html.Should().Contain("Brute-force protection").And.Contain("Suspicious IP throttling").And.Contain("Breached password detection");
        var before = (await management.GetAsync("attack-protection/brute-force-protection")).ToJsonString();

        var refused = await admin.PostAsync("/admin/attack-protection?handler=BruteForce", page.Html, new()
        {
            ["BruteForceEnabled"] = "true", ["BruteForceShields"] = "block", ["BruteForceMode"] = "count_per_identifier", ["BruteForceMaxAttempts"] = "0",
        });
        refused.Status.Should().Be(HttpStatusCode.OK);
        var field = refused.Html.IndexOf("id=\"bf_max_attempts\"", StringComparison.Ordinal);
        var error = refused.Html.IndexOf("class=\"field-error\"", StringComparison.Ordinal);
        error.Should().BeGreaterThan(field);
        refused.Html[field..error].Should().NotContain("<label");
        refused.Html[error..].Should().Contain("Value 0 is less than minimum 1");
        (await management.GetAsync("attack-protection/brute-force-protection")).ToJsonString().Should().Be(before);

        var saved = await admin.PostAsync("/admin/attack-protection?handler=BruteForce", page.Html, new()
        {
            ["BruteForceEnabled"] = "true", ["BruteForceShields"] = "block", ["BruteForceMode"] = "count_per_identifier", ["BruteForceMaxAttempts"] = "7",
            ["BruteForceAllowlist"] = "10.0.0.0/8",
        });
        saved.Html.Should().Contain("Settings saved.");
        var bruteForce = await management.GetAsync("attack-protection/brute-force-protection");
        bruteForce["max_attempts"]!.GetValue<int>().Should().Be(7);
        bruteForce["mode"]!.GetValue<string>().Should().Be("count_per_identifier");
        bruteForce["allowlist"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("10.0.0.0/8");
        bruteForce["shields"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("block");

        var ip = await admin.PostAsync("/admin/attack-protection?handler=SuspiciousIp", page.Html, new()
        {
            ["SuspiciousIpEnabled"] = "true", ["SuspiciousIpShields"] = "block", ["LoginMaxAttempts"] = "50", ["LoginRate"] = "864000",
            ["SignupMaxAttempts"] = "10", ["SignupRate"] = "1200",
        });
        ip.Html.Should().Contain("Settings saved.");
        (await management.GetAsync("attack-protection/suspicious-ip-throttling"))["stage"]!["pre-login"]!["max_attempts"]!.GetValue<int>().Should().Be(50);

        var breached = await admin.PostAsync("/admin/attack-protection?handler=Breached", page.Html, new()
        {
            ["BreachedEnabled"] = "true", ["BreachedShields"] = "block", ["BreachedMethod"] = "standard",
        });
        breached.Html.Should().Contain("Settings saved.");
        (await management.GetAsync("attack-protection/breached-password-detection"))["enabled"]!.GetValue<bool>().Should().BeTrue();
    }
}

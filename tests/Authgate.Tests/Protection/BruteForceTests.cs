using System.Diagnostics.Metrics;
using System.Net;
using Authgate.Connections;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Protection;

public sealed class BruteForceTests : IDisposable
{
    private const string Blocked = "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.";
    private readonly AuthgateFactory factory = new();
    private readonly HttpClient http;
    private readonly Infrastructure.Management management;

    public BruteForceTests()
    {
        http = factory.CreateClient();
        management = new Infrastructure.Management(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    private async Task FailAsync(int times, string ip, string username = TestTenant.JaneEmail)
    {
        for (var i = 0; i < times; i++)
        {
            await (await http.LoginFromAsync(ip, username, "wrong password")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        }
    }

    [Fact]
    public async Task Ten_failures_block_that_identifier_from_that_ip_even_for_the_right_password()
    {
        await FailAsync(10, "198.51.100.7");

        await (await http.LoginFromAsync("198.51.100.7")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts", Blocked);
        await (await http.LoginFromAsync("198.51.100.8")).ShouldSucceedAsync();
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "limit_wc" && l["ip"]?.GetValue<string>() == "198.51.100.7");
    }

    [Fact]
    public async Task A_success_resets_the_count()
    {
        await FailAsync(9, "198.51.100.9");
        await (await http.LoginFromAsync("198.51.100.9")).ShouldSucceedAsync();

        await FailAsync(9, "198.51.100.9");
        await (await http.LoginFromAsync("198.51.100.9")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task The_block_expires_thirty_days_after_the_last_failure()
    {
        await FailAsync(10, "198.51.100.10");
        factory.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        await (await http.LoginFromAsync("198.51.100.10")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        await (await http.LoginFromAsync("198.51.100.10")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Fifty_concurrent_wrong_passwords_check_the_hash_at_most_max_attempts_times()
    {
        var hashing = factory.Services.GetRequiredService<PasswordHashing>();
        long verifications = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, hashing.Meter) && instrument.Name == "authgate.password.verifications")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref verifications, value));
        listener.Start();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => http.LoginFromAsync("198.51.100.11", password: "wrong password")));

        Interlocked.Read(ref verifications).Should().BeLessThanOrEqualTo(10);
        responses.Count(r => r.StatusCode == HttpStatusCode.Forbidden).Should().BeLessThanOrEqualTo(10);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).Should().BeGreaterThanOrEqualTo(40);
        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // past the per-minute login rate, not the block
        await (await http.LoginFromAsync("198.51.100.11")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
    }

    [Fact]
    public async Task In_the_default_mode_an_attacker_elsewhere_cannot_lock_the_user_out()
    {
        for (var i = 0; i < 25; i++)
        {
            ((int)(await http.LoginFromAsync("203.0.113.1", password: "wrong password")).StatusCode).Should().BeOneOf(403, 429);
        }

        await FailAsync(10, "203.0.113.2");

        await (await http.LoginFromAsync("192.0.2.44")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Per_identifier_mode_locks_the_account_on_every_ip()
    {
        await management.PatchAsync("attack-protection/brute-force-protection", new { mode = "count_per_identifier", max_attempts = 3 });

        await FailAsync(3, "203.0.113.3");

        await (await http.LoginFromAsync("192.0.2.45")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
    }

    [Fact]
    public async Task Allowlisted_ips_are_never_blocked()
    {
        await management.PatchAsync("attack-protection/brute-force-protection", new { allowlist = new[] { "203.0.113.0/24" }, max_attempts = 2 });

        await FailAsync(5, "203.0.113.77");

        await (await http.LoginFromAsync("203.0.113.77")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Without_the_block_shield_failures_are_only_logged()
    {
        await management.PatchAsync("attack-protection/brute-force-protection", new { shields = new[] { "user_notification" }, max_attempts = 2 });

        await FailAsync(4, "203.0.113.12");

        await (await http.LoginFromAsync("203.0.113.12")).ShouldSucceedAsync();
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "limit_wc");
    }

    [Fact]
    public async Task A_connection_can_turn_brute_force_protection_off()
    {
        var connection = (await management.GetAsync($"connections?name={TestTenant.Connection}")).AsArray().Single()!["id"]!.GetValue<string>();
        await management.PatchAsync($"connections/{connection}", new { options = new { brute_force_protection = false } });

        await FailAsync(12, "203.0.113.13");

        await (await http.LoginFromAsync("203.0.113.13")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task User_blocks_are_listed_and_lifted_through_the_management_api()
    {
        await FailAsync(10, "203.0.113.20");
        var user = (await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray().Single()!["user_id"]!.GetValue<string>();

        var byIdentifier = await management.GetAsync($"user-blocks?identifier={TestTenant.JaneEmail}");
        var block = byIdentifier["blocked_for"]!.AsArray().Single()!;
        block["ip"]!.GetValue<string>().Should().Be("203.0.113.20");
        block["connection"]!.GetValue<string>().Should().Be(TestTenant.Connection);
        (await management.GetAsync($"user-blocks/{Uri.EscapeDataString(user)}"))["blocked_for"]!.AsArray().Should().ContainSingle();

        await management.DeleteAsync($"user-blocks?identifier={TestTenant.JaneEmail}");

        (await management.GetAsync($"user-blocks?identifier={TestTenant.JaneEmail}"))["blocked_for"]!.AsArray().Should().BeEmpty();
        await (await http.LoginFromAsync("203.0.113.20")).ShouldSucceedAsync();
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "ublkdu");

        await FailAsync(10, "203.0.113.21");
        await management.DeleteAsync($"user-blocks/{Uri.EscapeDataString(user)}");
        await (await http.LoginFromAsync("203.0.113.21")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task The_block_notice_goes_to_the_outbox_with_a_one_time_unblock_link()
    {
        await FailAsync(10, "203.0.113.30");

        // Queued in the database outbox; this node's sender, woken at once, writes it out (no SMTP relay configured).
        var outbox = Path.Combine(factory.DataDirectory, "outbox");
        for (var i = 0; i < 200 && (!Directory.Exists(outbox) || Directory.GetFiles(outbox, "*.txt").Length == 0); i++)
        {
            await Task.Delay(25);
        }

        // Only whole messages carry the .txt name (CI once read a file the sender had created but not yet written).
        var notice = await File.ReadAllTextAsync(Directory.GetFiles(outbox, "*.txt").Single());
        notice.Should().Contain("Subject: Your account has been blocked");
        notice.Should().Contain("To: " + TestTenant.JaneEmail).And.Contain("203.0.113.30");
        var link = new Uri(notice.Split('\n').Single(l => l.StartsWith("https://authgate.test/unblock?ticket=", StringComparison.Ordinal)).Trim());

        (await http.GetAsync(link.PathAndQuery)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await http.LoginFromAsync("203.0.113.30")).ShouldSucceedAsync();
        (await http.GetAsync(link.PathAndQuery)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the link works once");
    }

    [Fact]
    public async Task Failures_count_per_account_whichever_of_its_names_is_typed()
    {
        await FailAsync(5, "198.51.100.40", TestTenant.JaneEmail);
        await FailAsync(5, "198.51.100.40", TestTenant.JaneUsername);

        // The eleventh guess is not checked, through either name: ten per account, not ten per spelling.
        await (await http.LoginFromAsync("198.51.100.40", TestTenant.JaneUsername, "wrong password")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts", Blocked);
        await (await http.LoginFromAsync("198.51.100.40", TestTenant.JaneEmail.ToUpperInvariant())).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts", Blocked);
        await (await http.LoginFromAsync("198.51.100.40", TestTenant.JaneUsername)).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts", Blocked);

        var block = (await management.GetAsync($"user-blocks?identifier={TestTenant.JaneUsername}"))["blocked_for"]!.AsArray().Single()!;
        block["identifier"]!.GetValue<string>().Should().Be(TestTenant.JaneEmail);
        block["ip"]!.GetValue<string>().Should().Be("198.51.100.40");
    }

    [Fact]
    public async Task Names_of_no_account_are_counted_as_typed()
    {
        await FailAsync(10, "198.51.100.41", "ghost@example.test");

        await (await http.LoginFromAsync("198.51.100.41", "ghost@example.test", "anything")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        await (await http.LoginFromAsync("198.51.100.41", "other-ghost@example.test", "anything")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await http.LoginFromAsync("198.51.100.41")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task A_blocked_account_says_too_many_attempts_even_past_the_same_user_login_rate()
    {
        await FailAsync(10, "198.51.100.42");

        // Twenty logins a minute for one user and IP: past that the block, not the rate, is the answer.
        for (var i = 0; i < 15; i++)
        {
            await (await http.LoginFromAsync("198.51.100.42")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts", Blocked);
        }
    }

    [Fact]
    public async Task Settings_are_validated_and_have_auth0s_defaults()
    {
        var defaults = await management.GetAsync("attack-protection/brute-force-protection");
        defaults["enabled"]!.GetValue<bool>().Should().BeTrue();
        defaults["max_attempts"]!.GetValue<int>().Should().Be(10);
        defaults["mode"]!.GetValue<string>().Should().Be("count_per_identifier_and_ip");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, "attack-protection/brute-force-protection", new { allowlist = new[] { "not-an-ip" } }), HttpStatusCode.BadRequest, messageContains: "on property allowlist[0]");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, "attack-protection/brute-force-protection", new { max_attempts = 0 }), HttpStatusCode.BadRequest);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, "attack-protection/brute-force-protection", new { mode = "everything" }), HttpStatusCode.BadRequest);
        (await management.GetAsync("attack-protection/brute-force-protection"))["max_attempts"]!.GetValue<int>().Should().Be(10, "nothing was written");
    }
}

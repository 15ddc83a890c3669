using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Ldap;

/// <summary>The password grants against a real OpenLDAP: search and bind, TLS, outages, disabled accounts, groups.</summary>
public sealed class LdapLoginTests(LdapFixture fixture) : IClassFixture<LdapFixture>
{
    private readonly HttpClient http = fixture.Factory.CreateClient();

    private static Dictionary<string, string> Realm(string realm, string username, string password, string? scope = null)
    {
        var form = Protocol.PasswordGrant(username: username, password: password, scope: scope);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = realm;
        return form;
    }

    private Task<HttpResponseMessage> LoginAsync(string realm, string username, string password, string? scope = null) =>
        http.PostFormAsync(Realm(realm, username, password, scope));

    [Fact]
    public async Task Search_and_bind_issues_tokens_for_a_local_ad_profile_with_groups()
    {
        var json = await (await LoginAsync(LdapFixture.Corp, "alice", OpenLdapServer.AlicePassword, "openid profile email")).ShouldSucceedAsync();

        var sub = Protocol.Decode(json.GetProperty("id_token").GetString()!).Subject;
        sub.Should().StartWith($"ad|{LdapFixture.Corp}|").And.MatchRegex("[0-9a-f]{8}-[0-9a-f]{4}-", "the stable id is the entry's entryUUID");
        var idToken = Protocol.Decode(json.GetProperty("id_token").GetString()!);
        idToken.GetPayloadValue<string>("email").Should().Be("alice@corp.test");
        idToken.GetPayloadValue<string>("name").Should().Be("Alice Liddell");

        var management = new Infrastructure.Management(http);
        var user = await management.GetAsync("users/" + Uri.EscapeDataString(sub));
        user["app_metadata"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()).Should().BeEquivalentTo("admins", "engineering");
        user["given_name"]!.GetValue<string>().Should().Be("Alice");
        user["family_name"]!.GetValue<string>().Should().Be("Liddell");
        user["identities"]![0]!["provider"]!.GetValue<string>().Should().Be("ad");
        user["identities"]![0]!["connection"]!.GetValue<string>().Should().Be(LdapFixture.Corp);
        user["logins_count"]!.GetValue<int>().Should().BeGreaterThan(0);

        // The user's own email also finds the entry (the default filter tries uid, mail and sAMAccountName).
        var byMail = await (await LoginAsync(LdapFixture.Corp, "ALICE@corp.test", OpenLdapServer.AlicePassword, "openid")).ShouldSucceedAsync();
        Protocol.Decode(byMail.GetProperty("id_token").GetString()!).Subject.Should().Be(sub);

        (await fixture.Factory.WithDbAsync(db => db.Users.Where(u => u.UserId == sub).Select(u => u.PasswordHash).FirstAsync()))
            .Should().BeNull("Authgate never stores a directory password");
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_auth0s_answer()
    {
        await (await LoginAsync(LdapFixture.Corp, "bob", "not-the-password")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
        await (await LoginAsync(LdapFixture.Corp, "nobody", "whatever-1")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
    }

    [Theory]
    [InlineData("ali*")]
    [InlineData("*")]
    [InlineData("alice)(uid=*")]
    [InlineData("*)(|(uid=*")]
    [InlineData("alice\\")]
    [InlineData("alice\0")]
    [InlineData("\0alice")]
    public async Task Filter_metacharacters_in_the_typed_name_match_nothing(string username)
    {
        var body = new JsonObject
        {
            ["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm",
            ["realm"] = LdapFixture.Corp,
            ["username"] = username,
            ["password"] = OpenLdapServer.AlicePassword,
            ["client_id"] = TestTenant.WebClientId,
            ["client_secret"] = TestTenant.WebClientSecret,
            ["audience"] = TestTenant.Api,
        };

        var response = await http.PostRawAsync(body.ToJsonString(), "application/json");

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
    }

    [Fact]
    public async Task A_name_made_of_filter_metacharacters_signs_in_as_itself()
    {
        var json = await (await LoginAsync(LdapFixture.Corp, OpenLdapServer.OddUid, OpenLdapServer.OddPassword, "openid email")).ShouldSucceedAsync();

        Protocol.Decode(json.GetProperty("id_token").GetString()!).GetPayloadValue<string>("email").Should().Be("odd@corp.test");
    }

    [Fact]
    public async Task Ldaps_with_the_test_ca_works()
    {
        await (await LoginAsync(LdapFixture.CorpLdaps, "bob", OpenLdapServer.BobPassword)).ShouldSucceedAsync();
    }

    [Theory]
    [InlineData(LdapFixture.WrongCa)]
    [InlineData(LdapFixture.NoCa)]
    public async Task A_certificate_from_another_ca_is_refused_before_any_password_is_sent(string realm)
    {
        var response = await LoginAsync(realm, "bob", OpenLdapServer.BobPassword);

        await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
    }

    [Fact]
    public async Task A_directory_that_is_down_answers_at_once_and_is_not_a_failed_login()
    {
        // More attempts than the brute-force limit (10): none is counted, so none is refused as too many attempts.
        for (var i = 0; i < 12; i++)
        {
            var response = await LoginAsync(LdapFixture.Down, "bob", "any-password-1");
            await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable",
                "The directory that checks this connection's passwords is unavailable. Please retry later.");
        }

        var failures = await fixture.Factory.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM login_failures WHERE failures > 0 AND connection_id IN (SELECT id FROM connections WHERE name = {LdapFixture.Down})").FirstAsync());
        failures.Should().Be(0);
    }

    [Fact]
    public async Task A_directory_that_never_answers_fails_within_the_timeout()
    {
        var watch = Stopwatch.StartNew();
        var response = await LoginAsync(LdapFixture.Slow, "bob", OpenLdapServer.BobPassword);
        watch.Stop();

        await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        watch.ElapsedMilliseconds.Should().BeLessThan(LdapFixture.SlowTimeoutMs + 4000, "the timeout bounds the wait, whatever the directory does");
    }

    [Fact]
    public async Task A_disabled_directory_account_is_blocked_only_with_its_right_password()
    {
        await (await LoginAsync(LdapFixture.Corp, "carol", OpenLdapServer.CarolPassword)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "user is blocked");
        await (await LoginAsync(LdapFixture.Corp, "carol", "wrong-password-1")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
    }

    [Fact]
    public async Task The_profile_is_refreshed_at_each_login_keeping_other_app_metadata()
    {
        var first = await (await LoginAsync(LdapFixture.Corp, "bob", OpenLdapServer.BobPassword, "openid")).ShouldSucceedAsync();
        var sub = Protocol.Decode(first.GetProperty("id_token").GetString()!).Subject;
        var management = new Infrastructure.Management(http);
        await management.PatchAsync("users/" + Uri.EscapeDataString(sub), new { app_metadata = new { plan = "gold", groups = new[] { "stale" } } });
        fixture.Ldap.Modify($"uid=bob,{OpenLdapServer.PeopleDn}", "givenName", "Robert");

        await (await LoginAsync(LdapFixture.Corp, "bob", OpenLdapServer.BobPassword)).ShouldSucceedAsync();

        var user = await management.GetAsync("users/" + Uri.EscapeDataString(sub));
        user["given_name"]!.GetValue<string>().Should().Be("Robert");
        user["app_metadata"]!["plan"]!.GetValue<string>().Should().Be("gold");
        user["app_metadata"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()).Should().Equal("engineering");
    }

    [Fact]
    public async Task A_profile_blocked_in_authgate_is_refused_and_refresh_tokens_work()
    {
        var json = await (await LoginAsync(LdapFixture.Corp, "odd@corp.test", OpenLdapServer.OddPassword, "openid offline_access")).ShouldSucceedAsync();
        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(json.GetProperty("refresh_token").GetString()!))).ShouldSucceedAsync();
        refreshed.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();

        var sub = Protocol.Decode(json.GetProperty("id_token").GetString()!).Subject;
        var management = new Infrastructure.Management(http);
        await management.PatchAsync("users/" + Uri.EscapeDataString(sub), new { blocked = true });
        try
        {
            await (await LoginAsync(LdapFixture.Corp, "odd@corp.test", OpenLdapServer.OddPassword)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "user is blocked");
        }
        finally
        {
            await management.PatchAsync("users/" + Uri.EscapeDataString(sub), new { blocked = false });
        }
    }

    [Fact]
    public async Task The_ldap_connection_can_be_the_default_directory_for_the_password_grant()
    {
        var management = new Infrastructure.Management(http);
        await management.PatchAsync("tenants/settings", new { default_directory = LdapFixture.Corp });
        try
        {
            await (await http.PostFormAsync(Protocol.PasswordGrant(username: "alice", password: OpenLdapServer.AlicePassword))).ShouldSucceedAsync();
        }
        finally
        {
            await management.PatchAsync("tenants/settings", new { default_directory = TestTenant.Connection });
        }
    }
}

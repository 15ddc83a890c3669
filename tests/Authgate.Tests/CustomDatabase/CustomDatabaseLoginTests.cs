using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.CustomDatabase;

/// <summary>
/// The password grants through custom database scripts: lazy migration from an Auth0-shaped server reached with fetch,
/// a user table inside the script, and every way a script can fail.
/// </summary>
[Collection(CustomDatabaseCollection.Name)]
public sealed class CustomDatabaseLoginTests(CustomDatabaseFixture fixture)
{
    private readonly HttpClient http = fixture.Server.CreateClient();

    private Task<HttpResponseMessage> LoginAsync(string realm, string username, string password, string? scope = "openid profile email")
    {
        var form = Protocol.PasswordGrant(username: username, password: password, scope: scope);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = realm;
        return http.PostFormAsync(form);
    }

    private Task<Storage.Entities.User?> LocalUserAsync(string email) =>
        fixture.Server.WithDbAsync(db => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == email));

    private async Task<string> OldUserIdAsync(string email)
    {
        using var old = new HttpClient { BaseAddress = fixture.OldUrl };
        var users = await new Infrastructure.Management(old, fixture.OldUrl.ToString()).GetAsync("users-by-email?email=" + Uri.EscapeDataString(email));
        return users[0]!["user_id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Lazy_migration_keeps_the_old_user_id_and_profile_and_stores_an_argon2id_hash()
    {
        var oldId = await OldUserIdAsync(CustomDatabaseFixture.MiaEmail);
        (await LocalUserAsync(CustomDatabaseFixture.MiaEmail)).Should().BeNull("Mia has not signed in yet");

        var json = await (await LoginAsync(CustomDatabaseFixture.Legacy, CustomDatabaseFixture.MiaEmail, CustomDatabaseFixture.MiaPassword)).ShouldSucceedAsync();

        var idToken = Protocol.Decode(json.GetProperty("id_token").GetString()!);
        idToken.Subject.Should().Be(oldId, "the old user_id (auth0|…) is kept, so tokens' sub does not change");
        idToken.GetPayloadValue<string>("email").Should().Be(CustomDatabaseFixture.MiaEmail);
        idToken.GetPayloadValue<string>("name").Should().Be("Mia Old");
        var access = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        (await Protocol.ValidateWithJwksAsync(http, json.GetProperty("access_token").GetString()!, TestTenant.Api, fixture.Server.Clock.GetUtcNow())).IsValid.Should().BeTrue();
        access.Subject.Should().Be(oldId);

        var local = await LocalUserAsync(CustomDatabaseFixture.MiaEmail);
        local!.UserId.Should().Be(oldId);
        local.PasswordHash.Should().StartWith("$argon2id$", "Authgate hashes the migrated password itself");
        local.PasswordHash.Should().NotContain(CustomDatabaseFixture.MiaPassword);
        local.Username.Should().Be("mia");
        local.EmailVerified.Should().BeTrue();
        JsonNode.Parse(local.AppMetadataJson)!["plan"]!.GetValue<string>().Should().Be("gold", "metadata comes along through the old Management API");
        JsonNode.Parse(local.UserMetadataJson)!["lang"]!.GetValue<string>().Should().Be("fr");

        var management = new Infrastructure.Management(http);
        var user = await management.GetAsync("users/" + Uri.EscapeDataString(oldId));
        user["identities"]![0]!["connection"]!.GetValue<string>().Should().Be(CustomDatabaseFixture.Legacy);
        user["identities"]![0]!["provider"]!.GetValue<string>().Should().Be("auth0");
        var log = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s" && l["user_id"]?.GetValue<string>() == oldId);
        log["details"]!["custom_database"]!["script"]!.GetValue<string>().Should().Be("login");
        log["strategy"]!.GetValue<string>().Should().Be("auth0");
    }

    [Fact]
    public async Task A_migrated_user_is_never_sent_to_the_script_again()
    {
        await (await LoginAsync(CustomDatabaseFixture.Legacy, CustomDatabaseFixture.NoahEmail, CustomDatabaseFixture.NoahPassword)).ShouldSucceedAsync();
        var hash = (await LocalUserAsync(CustomDatabaseFixture.NoahEmail))!.PasswordHash;

        // The old system changes Noah's password and blocks him: had the script run again, his login would now fail.
        using var old = new HttpClient { BaseAddress = fixture.OldUrl };
        var oldManagement = new Infrastructure.Management(old, fixture.OldUrl.ToString());
        var oldId = await OldUserIdAsync(CustomDatabaseFixture.NoahEmail);
        await oldManagement.PatchAsync("users/" + Uri.EscapeDataString(oldId), new { password = "a-new-old-password-2" });
        await oldManagement.PatchAsync("users/" + Uri.EscapeDataString(oldId), new { blocked = true });
        await (await old.PostFormAsync(Realm(CustomDatabaseFixture.OldConnection, CustomDatabaseFixture.NoahEmail, CustomDatabaseFixture.NoahPassword)))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");

        var again = await (await LoginAsync(CustomDatabaseFixture.Legacy, CustomDatabaseFixture.NoahEmail, CustomDatabaseFixture.NoahPassword)).ShouldSucceedAsync();
        Protocol.Decode(again.GetProperty("id_token").GetString()!).Subject.Should().Be(oldId);
        await (await LoginAsync(CustomDatabaseFixture.Legacy, CustomDatabaseFixture.NoahEmail, "a-new-old-password-2"))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
        (await LocalUserAsync(CustomDatabaseFixture.NoahEmail))!.PasswordHash.Should().Be(hash, "the local hash, not the script, decides now");

        var management = new Infrastructure.Management(http);
        var log = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s" && l["user_id"]?.GetValue<string>() == oldId && l["details"]?["custom_database"] is null);
        log["connection"]!.GetValue<string>().Should().Be(CustomDatabaseFixture.Legacy);
    }

    private static Dictionary<string, string> Realm(string realm, string username, string password)
    {
        var form = Protocol.PasswordGrant(username: username, password: password, audience: null);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = realm;
        return form;
    }

    [Fact]
    public async Task Wrong_passwords_and_unknown_users_get_auth0s_answer_and_create_nothing()
    {
        await (await LoginAsync(CustomDatabaseFixture.Legacy, CustomDatabaseFixture.OliviaEmail, "not-her-password"))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
        await (await LoginAsync(CustomDatabaseFixture.Legacy, "nobody@old.test", "whatever-password-1"))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
        (await LocalUserAsync(CustomDatabaseFixture.OliviaEmail)).Should().BeNull();

        // The old server's own refusal of a blocked user is passed on as an UnauthorizedError.
        await (await LoginAsync(CustomDatabaseFixture.Legacy, CustomDatabaseFixture.BlockedEmail, CustomDatabaseFixture.OliviaPassword))
            .ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "user is blocked");
        (await LocalUserAsync(CustomDatabaseFixture.BlockedEmail)).Should().BeNull();
    }

    [Fact]
    public async Task An_in_script_user_table_without_import_mode_runs_the_script_at_every_login_and_keeps_only_the_profile()
    {
        var json = await (await LoginAsync(CustomDatabaseFixture.Table, "ANN", "ann-legacy-password", "openid profile email offline_access")).ShouldSucceedAsync();
        var idToken = Protocol.Decode(json.GetProperty("id_token").GetString()!);
        idToken.Subject.Should().Be("auth0|1001", "a numeric id becomes auth0|<id>, as Auth0 prefixes it");
        idToken.GetPayloadValue<string>("name").Should().Be("Ann Legacy");
        var local = await LocalUserAsync("ann@legacy.test");
        local!.PasswordHash.Should().BeNull("without import mode Authgate never stores the password");
        JsonNode.Parse(local.AppMetadataJson)!["plan"]!.GetValue<string>().Should().Be("gold", "Auth0's older name 'metadata' is app_metadata");

        // The refresh token works for such a user, and a local block applies even with the right password.
        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(json.GetProperty("refresh_token").GetString()!))).ShouldSucceedAsync();
        refreshed.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
        var management = new Infrastructure.Management(http);
        await management.PatchAsync("users/auth0%7C1001", new { blocked = true });
        await (await LoginAsync(CustomDatabaseFixture.Table, "ann@legacy.test", "ann-legacy-password")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "user is blocked");
        await management.PatchAsync("users/auth0%7C1001", new { blocked = false });

        // A wrong password named with the user's id is logged as Auth0 does: fp for auth0|<id>.
        await (await LoginAsync(CustomDatabaseFixture.Table, "ben@legacy.test", "not-bens-password")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
        var failed = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "fp" && l["user_id"]?.GetValue<string>() == "auth0|1002");
        failed["details"]!["custom_database"]!["outcome"]!.GetValue<string>().Should().Be("wrong_username_or_password");
        // So is WrongUsernameOrPasswordError(email), the usual way to say "no such user": a truthy first argument.
        await (await LoginAsync(CustomDatabaseFixture.Table, "carl@legacy.test", "whatever-1")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "fp" && l["user_id"]?.GetValue<string>() == "auth0|carl@legacy.test"
            && l["user_name"]?.GetValue<string>() == "carl@legacy.test");

        // The script is the truth at every login: a new table (through the Management API) changes who can sign in.
        var connection = (await management.GetAsync("connections?name=" + CustomDatabaseFixture.Table)).AsArray()[0]!;
        var options = connection["options"]!.DeepClone().AsObject();
        options["customScripts"]!["login"] = LegacyScripts.TableLogin.Replace("'ann-legacy-password'", "'ann-new-password'", StringComparison.Ordinal);
        await management.PatchAsync("connections/" + connection["id"]!.GetValue<string>(), new { options });
        await (await LoginAsync(CustomDatabaseFixture.Table, "ann@legacy.test", "ann-legacy-password")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await LoginAsync(CustomDatabaseFixture.Table, "ann@legacy.test", "ann-new-password")).ShouldSucceedAsync();
        (await management.GetAsync("users/auth0%7C1001"))["logins_count"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task Brute_force_protection_counts_the_scripts_wrong_passwords()
    {
        for (var i = 0; i < 10; i++)
        {
            await (await LoginAsync(CustomDatabaseFixture.Table, "dan@legacy.test", "guess-" + i)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        }

        await (await LoginAsync(CustomDatabaseFixture.Table, "dan@legacy.test", "dan-legacy-password")).ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        var management = new Infrastructure.Management(http);
        var blocks = await management.GetAsync("user-blocks?identifier=" + Uri.EscapeDataString("dan@legacy.test"));
        blocks["blocked_for"]!.AsArray().Should().NotBeEmpty();
        await management.OkAsync(HttpMethod.Delete, "user-blocks?identifier=" + Uri.EscapeDataString("dan@legacy.test"), expected: HttpStatusCode.NoContent);
        await (await LoginAsync(CustomDatabaseFixture.Table, "dan@legacy.test", "dan-legacy-password")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task A_script_that_fails_is_a_clear_error_and_never_a_failed_login()
    {
        // More attempts than the brute-force limit (10): none is counted, so none is refused as too many attempts.
        for (var i = 0; i < 12; i++)
        {
            var response = await LoginAsync(CustomDatabaseFixture.Flaky, "throws@flaky.test", "password-" + i);
            await response.ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", "The custom database script of this connection failed. Please retry later.");
            (await response.Content.ReadAsStringAsync()).Should().NotContain("10.1.2.3", "the script's own message goes to the tenant log, not to the caller");
        }

        await (await LoginAsync(CustomDatabaseFixture.Flaky, "error@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        await (await LoginAsync(CustomDatabaseFixture.Flaky, "validation@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        await (await LoginAsync(CustomDatabaseFixture.Flaky, "no-callback@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        await (await LoginAsync(CustomDatabaseFixture.Flaky, "no-id@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        await (await LoginAsync(CustomDatabaseFixture.Flaky, "bad-email@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        await (await LoginAsync(CustomDatabaseFixture.Flaky, "unauthorized@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Your account is pending approval.");
        await (await LoginAsync(CustomDatabaseFixture.Flaky, "nobody@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");

        var management = new Infrastructure.Management(http);
        var thrown = await management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == "throws@flaky.test");
        thrown["type"]!.GetValue<string>().Should().Be("f");
        thrown["details"]!["custom_database"]!["message"]!.GetValue<string>().Should().Be("database exploded at 10.1.2.3");
        (await management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == "no-id@flaky.test"))["details"]!["custom_database"]!["message"]!
            .GetValue<string>().Should().Contain("user_id");
        (await management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == "no-callback@flaky.test"))["details"]!["custom_database"]!["message"]!
            .GetValue<string>().Should().Contain("without calling its callback");
        (await LocalUserAsync("bad-email@flaky.test")).Should().BeNull();
        (await management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == "nobody@flaky.test"))["type"]!.GetValue<string>()
            .Should().Be("fu", "callback(null) is an unknown user");
    }

    [Fact]
    public async Task A_script_that_loops_is_stopped_at_its_deadline_and_the_server_stays_healthy()
    {
        var clock = Stopwatch.StartNew();
        var looping = LoginAsync(CustomDatabaseFixture.Flaky, "loops@flaky.test", "password-1");

        // While it spins, other logins go on, scripted or not.
        await (await LoginAsync(CustomDatabaseFixture.Table, "ben@legacy.test", "ben-legacy-password")).ShouldSucceedAsync();
        await (await looping).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable",
            "The custom database script of this connection failed: Script execution time exceeded. Please retry later.");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Fetch_reaches_only_the_allowed_hosts_and_gives_up_on_a_silent_one()
    {
        var management = new Infrastructure.Management(http);
        foreach (var (name, reason) in new[] { ("other-port@flaky.test", "is not in this connection's allowed_hosts"), ("other-name@flaky.test", "localhost") })
        {
            await (await LoginAsync(CustomDatabaseFixture.Flaky, name, "password-1")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
            var log = await management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == name);
            log["details"]!["custom_database"]!["message"]!.GetValue<string>().Should().Contain("fetch failed").And.Contain(reason);
            log["details"]!["custom_database"]!["stdout"]!.GetValue<string>().Should().StartWith("TypeError: fetch failed");
        }

        fixture.ForbiddenConnections.Should().Be(0, "a refused host is never connected to");

        var clock = Stopwatch.StartNew();
        await (await LoginAsync(CustomDatabaseFixture.Flaky, "silent@flaky.test", "password-1")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(CustomDatabaseFixture.FetchTimeoutMs - 100));
        var silent = await management.WaitForLogAsync(l => l["user_name"]?.GetValue<string>() == "silent@flaky.test");
        silent["details"]!["custom_database"]!["message"]!.GetValue<string>().Should().Contain($"within {CustomDatabaseFixture.FetchTimeoutMs} ms");
    }

    [Fact]
    public async Task Breached_password_detection_applies_to_passwords_the_script_accepts()
    {
        var management = new Infrastructure.Management(http);
        await management.PatchAsync("attack-protection/breached-password-detection", new { enabled = true, shields = new[] { "block" } });
        try
        {
            await (await LoginAsync(CustomDatabaseFixture.Table, "leaky@legacy.test", "AUTH0-TEST-leaked-password")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "password_leaked");
            await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "pwd_leak" && l["user_id"]?.GetValue<string>() == "auth0|1003");
        }
        finally
        {
            await management.PatchAsync("attack-protection/breached-password-detection", new { enabled = false });
        }
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Actions;

/// <summary>Post-login Actions on the password, password-realm and refresh grants: every event field, every api call, every error.</summary>
public sealed class PostLoginActionTests(ActionsFactory factory) : IClassFixture<ActionsFactory>, IAsyncLifetime
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    public Task InitializeAsync() => Scripts.UnbindAllAsync(management);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> LoginAsync(string? scope = "openid offline_access read:sample", string? audience = TestTenant.Api) =>
        await (await http.PostFormAsync(Protocol.PasswordGrant(scope: scope, audience: audience))).ShouldSucceedAsync();

    private Task<HttpResponseMessage> LoginResponseAsync(string? scope = "openid read:sample") =>
        http.PostFormAsync(Protocol.PasswordGrant(scope: scope));

    [Fact]
    public async Task The_seed_action_unchanged_adds_its_claims_and_scopes_on_password_and_refresh()
    {
        await Scripts.BindAsync(management, Scripts.SeedAction);
        var login = await LoginAsync();
        var access = Scripts.Claims(login.GetProperty("access_token").GetString()!);
        access["http://foo/bar"]!.GetValue<string>().Should().Be("value");
        access["scope"]!.GetValue<string>().Split(' ').Should().Contain(["read:sample", "array", "of", "strings"]);
        Protocol.Scopes(login).Should().Contain(["array", "of", "strings"]);
        Scripts.Claims(login.GetProperty("id_token").GetString()!)["http://fiz/baz"]!.GetValue<string>().Should().Be("some other value");
        (await Protocol.ValidateWithJwksAsync(http, login.GetProperty("access_token").GetString()!, TestTenant.Api, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();

        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(login.GetProperty("refresh_token").GetString()!))).ShouldSucceedAsync();
        Scripts.Claims(refreshed.GetProperty("access_token").GetString()!)["http://foo/bar"]!.GetValue<string>().Should().Be("value");
        Protocol.Scopes(refreshed).Should().Contain("strings");

        // Applied without an engine (DirectAction), and still recorded with the login's log event as an execution.
        var entry = await management.WaitForLogAsync(l => l["type"]?.GetValue<string>() == "sertft" && l["details"]?["actions"] is not null, "&q=type:sertft");
        var execution = entry["details"]!["actions"]!["executions"]!.AsArray()[0]!;
        execution["type"]!.GetValue<string>().Should().Be("action");
        execution["version_number"]!.GetValue<int>().Should().Be(1);
        execution["duration_ms"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Every_event_field_is_filled_for_a_password_login()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://t/event', event); };",
            secrets: [new { name = "API_KEY", value = "s3cr3t-value" }]);
        var jane = (await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!;
        var role = (await management.OkAsync(HttpMethod.Post, "roles", new { name = "event-role" }))["id"]!.GetValue<string>();
        await management.OkAsync(HttpMethod.Post, $"roles/{role}/users", new { users = new[] { jane["user_id"]!.GetValue<string>() } });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(Protocol.PasswordGrant(scope: "openid read:sample")) };
        request.Headers.UserAgent.ParseAdd("event-test/1.0");
        var json = await (await http.SendAsync(request)).ShouldSucceedAsync();
        var e = Scripts.Claims(json.GetProperty("access_token").GetString()!)["https://t/event"]!;

        e["transaction"]!["protocol"]!.GetValue<string>().Should().Be("oauth2-password");
        e["transaction"]!["requested_scopes"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("openid", "read:sample");
        e["transaction"]!["metadata"]!.AsObject().Should().BeEmpty();
        e["transaction"]!["id"]!.GetValue<string>().Should().NotBeEmpty();
        var user = e["user"]!;
        user["user_id"]!.GetValue<string>().Should().Be(jane["user_id"]!.GetValue<string>());
        user["email"]!.GetValue<string>().Should().Be(TestTenant.JaneEmail);
        user["email_verified"]!.GetValue<bool>().Should().BeTrue();
        user["username"]!.GetValue<string>().Should().Be(TestTenant.JaneUsername);
        user["name"]!.GetValue<string>().Should().Be("Jane Example");
        user["given_name"]!.GetValue<string>().Should().Be("Jane");
        user["family_name"]!.GetValue<string>().Should().Be("Example");
        user["app_metadata"]!.AsObject().Should().NotBeNull();
        user["user_metadata"]!.AsObject().Should().NotBeNull();
        user["identities"]!.AsArray()[0]!["connection"]!.GetValue<string>().Should().Be(TestTenant.Connection);
        user["multifactor"]!.AsArray().Should().BeEmpty();
        user["created_at"]!.GetValue<string>().Should().EndWith("Z");
        e["client"]!["client_id"]!.GetValue<string>().Should().Be(TestTenant.WebClientId);
        e["client"]!["name"]!.GetValue<string>().Should().Be("Web");
        e["client"]!["metadata"]!.AsObject().Should().BeEmpty();
        e["connection"]!["name"]!.GetValue<string>().Should().Be(TestTenant.Connection);
        e["connection"]!["strategy"]!.GetValue<string>().Should().Be("auth0");
        e["connection"]!["id"]!.GetValue<string>().Should().NotBeEmpty();
        e["request"]!["user_agent"]!.GetValue<string>().Should().Be("event-test/1.0");
        e["request"]!["hostname"]!.GetValue<string>().Should().Be("localhost");
        e["request"]!["method"]!.GetValue<string>().Should().Be("POST");
        var body = e["request"]!["body"]!.AsObject();
        body["username"]!.GetValue<string>().Should().Be(TestTenant.JaneEmail);
        body["grant_type"]!.GetValue<string>().Should().Be("password");
        body.ContainsKey("password").Should().BeFalse();
        body.ContainsKey("client_secret").Should().BeFalse();
        e["authorization"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("event-role");
        e["authentication"]!["methods"]!.AsArray()[0]!["name"]!.GetValue<string>().Should().Be("pwd");
        e["secrets"]!["API_KEY"]!.GetValue<string>().Should().Be("s3cr3t-value");
        e["stats"]!["logins_count"]!.GetValue<int>().Should().BeGreaterThan(0);
        e["tenant"]!["id"]!.GetValue<string>().Should().Be("authgate.test");
        e["resource_server"]!["identifier"]!.GetValue<string>().Should().Be(TestTenant.Api);
        e.AsObject().ContainsKey("refresh_token").Should().BeFalse();

        await management.OkAsync(HttpMethod.Delete, $"roles/{role}");
    }

    [Fact]
    public async Task Roles_and_factors_read_on_first_use_behave_as_plain_properties_and_are_shared_by_every_action()
    {
        // event.authorization and event.user.enrolledFactors/multifactor are read from the database only when a script
        // looks at them: they must still be listed, spread, assigned and seen alike by a second Action.
        var jane = (await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!;
        var role = (await management.OkAsync(HttpMethod.Post, "roles", new { name = "lazy-role" }))["id"]!.GetValue<string>();
        await management.OkAsync(HttpMethod.Post, $"roles/{role}/users", new { users = new[] { jane["user_id"]!.GetValue<string>() } });
        var ids = new List<string>();
        foreach (var code in new[]
        {
            """
                exports.onExecutePostLogin = async (event, api) => {
                  'use strict';
                  const listed = Object.keys(event).includes('authorization') && Object.keys(event.user).includes('enrolledFactors');
                  const spread = { ...event }.authorization.roles;
                  event.user.multifactor = ['assigned'];
                  api.accessToken.setCustomClaim('https://t/first', { listed, spread, multifactor: event.user.multifactor, factors: event.user.enrolledFactors });
                };
                """,
            "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://t/second', event.authorization.roles); };",
        })
        {
            var id = await Scripts.CreateAsync(management, code, "post-login", null);
            await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/deploy");
            ids.Add(id);
        }

        await management.PatchAsync("actions/triggers/post-login/bindings", new { bindings = ids.Select(id => new { @ref = new { type = "action_id", value = id } }).ToArray() });

        var access = Scripts.Claims((await LoginAsync()).GetProperty("access_token").GetString()!);

        var first = access["https://t/first"]!;
        first["listed"]!.GetValue<bool>().Should().BeTrue();
        first["spread"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("lazy-role");
        first["multifactor"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("assigned");
        first["factors"]!.AsArray().Should().BeEmpty();
        access["https://t/second"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("lazy-role");
        await management.OkAsync(HttpMethod.Delete, $"roles/{role}");
    }

    [Fact]
    public async Task A_refresh_exchange_runs_post_login_with_its_protocol_and_refresh_token()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://t/p', event.transaction.protocol); if (event.refresh_token) api.accessToken.setCustomClaim('https://t/rt', event.refresh_token); api.accessToken.setCustomClaim('https://t/count', event.stats.logins_count); };");
        var login = await LoginAsync();
        var first = Scripts.Claims(login.GetProperty("access_token").GetString()!);
        first["https://t/p"]!.GetValue<string>().Should().Be("oauth2-password");
        first.ContainsKey("https://t/rt").Should().BeFalse();

        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(login.GetProperty("refresh_token").GetString()!))).ShouldSucceedAsync();
        var claims = Scripts.Claims(refreshed.GetProperty("access_token").GetString()!);
        claims["https://t/p"]!.GetValue<string>().Should().Be("oauth2-refresh-token");
        claims["https://t/rt"]!["client_id"]!.GetValue<string>().Should().Be(TestTenant.WebClientId);
        claims["https://t/rt"]!["id"]!.GetValue<string>().Should().NotBeEmpty();
        claims["https://t/count"]!.GetValue<int>().Should().Be(first["https://t/count"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_password_realm_grant_runs_post_login_too()
    {
        await Scripts.BindAsync(management, Scripts.SeedAction);
        var form = Protocol.PasswordGrant(scope: "openid");
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = TestTenant.Connection;
        var json = await (await http.PostFormAsync(form)).ShouldSucceedAsync();
        Scripts.Claims(json.GetProperty("access_token").GetString()!)["http://foo/bar"]!.GetValue<string>().Should().Be("value");
    }

    [Fact]
    public async Task Deny_gives_403_access_denied_with_the_reason_and_no_later_action_runs()
    {
        var first = await Scripts.CreateAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.access.deny('blocked from ' + event.connection.name); api.user.setAppMetadata('denied_once', true); };");
        var second = await Scripts.CreateAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('second_ran', true); };");
        await management.OkAsync(HttpMethod.Post, $"actions/actions/{first}/deploy");
        await management.OkAsync(HttpMethod.Post, $"actions/actions/{second}/deploy");
        await management.PatchAsync("actions/triggers/post-login/bindings", new { bindings = new[] { new { @ref = new { type = "action_id", value = first } }, new { @ref = new { type = "action_id", value = second } } } });

        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", $"blocked from {TestTenant.Connection}");
        var metadata = (await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!["app_metadata"]!;
        metadata["denied_once"]!.GetValue<bool>().Should().BeTrue();
        metadata.AsObject().ContainsKey("second_ran").Should().BeFalse();
    }

    [Theory]
    [InlineData("throw new Error('external service down');", "external service down")]
    [InlineData("event.missing.property;", "Cannot read properties of undefined (reading 'property')")]
    [InlineData("await Promise.reject(new TypeError('bad type'));", "bad type")]
    [InlineData("throw 'a plain string';", "a plain string")]
    public async Task An_uncaught_error_is_access_denied_with_its_message(string body, string description)
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { " + body + " };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", description);
    }

    [Fact]
    public async Task Scopes_are_added_and_removed_and_override_rbac()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.removeScope('read:sample'); api.accessToken.addScope('extra'); api.accessToken.addScope('extra'); };");
        var json = await LoginAsync("read:sample write:sample");
        Protocol.Scopes(json).Should().Equal("write:sample", "extra");
        Scripts.Claims(json.GetProperty("access_token").GetString()!)["scope"]!.GetValue<string>().Should().Be("write:sample extra");
    }

    [Fact]
    public async Task Reserved_and_auth0_namespaced_claims_are_dropped_silently()
    {
        await Scripts.BindAsync(management, """
            exports.onExecutePostLogin = async (event, api) => {
              api.accessToken.setCustomClaim('sub', 'someone-else');
              api.accessToken.setCustomClaim('permissions', ['all']);
              api.accessToken.setCustomClaim('https://auth0.com/claim', 1);
              api.accessToken.setCustomClaim('https://x.webtask.io/claim', 1);
              api.idToken.setCustomClaim('urn:auth0:x', 1);
              api.idToken.setCustomClaim('aud', 'other');
              api.accessToken.setCustomClaim('https://ok.example/claim', { nested: [1, 2] });
              api.accessToken.setCustomClaim('private_claim', true);
              api.idToken.setCustomClaim('nickname', 'janey');
            };
            """);
        var json = await LoginAsync("openid read:sample");
        var access = Scripts.Claims(json.GetProperty("access_token").GetString()!);
        access["sub"]!.GetValue<string>().Should().StartWith("auth0|");
        access.ContainsKey("permissions").Should().BeFalse();
        access.ContainsKey("https://auth0.com/claim").Should().BeFalse();
        access.ContainsKey("https://x.webtask.io/claim").Should().BeFalse();
        access["https://ok.example/claim"]!["nested"]!.AsArray().Count.Should().Be(2);
        access["private_claim"]!.GetValue<bool>().Should().BeTrue();
        var id = Scripts.Claims(json.GetProperty("id_token").GetString()!);
        id["aud"]!.GetValue<string>().Should().Be(TestTenant.WebClientId);
        id.ContainsKey("urn:auth0:x").Should().BeFalse();
        id["nickname"]!.GetValue<string>().Should().Be("janey");
    }

    [Fact]
    public async Task Custom_claims_over_100_KB_fail_the_login()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://big/claim', 'x'.repeat(60 * 1024)); api.idToken.setCustomClaim('https://big/claim', 'y'.repeat(60 * 1024)); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "The custom claims exceed the maximum size of 100KB.");
    }

    [Fact]
    public async Task Metadata_is_written_once_after_all_actions_and_later_actions_see_it()
    {
        var first = await Scripts.CreateAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('plan', 'gold'); api.user.setUserMetadata('theme', 'dark'); api.user.setUserMetadata('remove_me', null); api.transaction.setMetadata('step', 1); };");
        var second = await Scripts.CreateAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://t/seen', [event.user.app_metadata.plan, event.transaction.metadata.step]); };");
        foreach (var id in new[] { first, second })
        {
            await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/deploy");
        }

        var jane = (await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!["user_id"]!.GetValue<string>();
        await management.PatchAsync($"users/{Uri.EscapeDataString(jane)}", new { user_metadata = new { remove_me = "x", keep = 1 } });
        await management.PatchAsync("actions/triggers/post-login/bindings", new { bindings = new[] { new { @ref = new { type = "action_id", value = first } }, new { @ref = new { type = "action_id", value = second } } } });

        var json = await LoginAsync("read:sample");
        Scripts.Claims(json.GetProperty("access_token").GetString()!)["https://t/seen"]!.ToJsonString().Should().Be("""["gold",1]""");
        var user = await management.GetAsync($"users/{Uri.EscapeDataString(jane)}");
        user["app_metadata"]!["plan"]!.GetValue<string>().Should().Be("gold");
        user["user_metadata"]!["theme"]!.GetValue<string>().Should().Be("dark");
        user["user_metadata"]!["keep"]!.GetValue<int>().Should().Be(1);
        user["user_metadata"]!.AsObject().ContainsKey("remove_me").Should().BeFalse();
    }

    [Fact]
    public async Task Multifactor_enable_ends_in_mfa_required()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { if (event.transaction.protocol !== 'oauth2-refresh-token') api.multifactor.enable('any', { allowRememberBrowser: false }); api.accessToken.setCustomClaim('https://t/after', 1); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "mfa_required", "Multifactor authentication required");

        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable('sms-please'); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "api.multifactor.enable: unknown provider 'sms-please'");
    }

    [Fact]
    public async Task Redirects_are_refused_in_this_flow()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://t/can', api.redirect.canRedirect()); };");
        Scripts.Claims((await LoginAsync("read:sample")).GetProperty("access_token").GetString()!)["https://t/can"]!.GetValue<bool>().Should().BeFalse();

        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo('https://example.test/consent'); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Redirects are not possible with the oauth2-password protocol");
    }

    [Fact]
    public async Task Refresh_token_revoke_denies_the_exchange_and_revokes_the_token()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { if (event.transaction.protocol === 'oauth2-refresh-token') api.refreshToken.revoke('device lost'); };");
        var login = await LoginAsync();
        var refreshToken = login.GetProperty("refresh_token").GetString()!;
        await (await http.PostFormAsync(Protocol.RefreshGrant(refreshToken))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "device lost");
        await Scripts.UnbindAllAsync(management);
        await (await http.PostFormAsync(Protocol.RefreshGrant(refreshToken))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");

        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.refreshToken.revoke('x'); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "api.refreshToken.revoke is only available when a refresh token is exchanged");
    }

    [Fact]
    public async Task Refresh_token_expiries_set_by_an_action_shorten_the_token_and_never_lengthen_it()
    {
        async Task<Authgate.Storage.Entities.RefreshToken> RowAsync(string value) =>
            await factory.WithDbAsync(db => db.RefreshTokens.AsNoTracking().FirstAsync(t => t.Id == Authgate.Tokens.RefreshTokenValues.IdOf(value)));

        await Scripts.UnbindAllAsync(management);
        var plain = await RowAsync((await LoginAsync()).GetProperty("refresh_token").GetString()!);

        // A year later than the client allows changes nothing; earlier than it does shortens; the earliest call wins.
        var start = factory.Clock.GetUtcNow();
        var idle = start.AddSeconds(60).ToUnixTimeMilliseconds();
        var absolute = start.AddSeconds(120).ToUnixTimeMilliseconds();
        await Scripts.BindAsync(management, $$"""
            exports.onExecutePostLogin = async (event, api) => {
              api.refreshToken.setExpiresAt({{absolute}});
              api.refreshToken.setExpiresAt({{absolute + 3_600_000}});
              api.refreshToken.setIdleExpiresAt({{idle}});
            };
            """);
        var value = (await LoginAsync()).GetProperty("refresh_token").GetString()!;
        var row = await RowAsync(value);
        row.ExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(absolute).UtcDateTime);
        row.IdleExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(idle).UtcDateTime);

        // Within both, the exchange works and what it hands back keeps them; past the idle one it is refused.
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(value))).ShouldSucceedAsync();
        var next = refreshed.TryGetProperty("refresh_token", out var rotated) ? rotated.GetString()! : value;
        (await RowAsync(next)).IdleExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(idle).UtcDateTime);
        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        await (await http.PostFormAsync(Protocol.RefreshGrant(next))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");

        // Fifty years on: shorter than no expiry at all, never longer than a lifetime the client sets.
        var far = start.AddYears(50).ToUnixTimeMilliseconds();
        await Scripts.BindAsync(management, $"exports.onExecutePostLogin = async (event, api) => {{ api.refreshToken.setExpiresAt({far}); api.refreshToken.setIdleExpiresAt({far}); }};");
        var later = await RowAsync((await LoginAsync()).GetProperty("refresh_token").GetString()!);
        var farAt = DateTimeOffset.FromUnixTimeMilliseconds(far).UtcDateTime;
        (later.ExpiresAt - later.CreatedAt).Should().Be(plain.ExpiresAt is null ? farAt - later.CreatedAt : plain.ExpiresAt - plain.CreatedAt);
        (later.IdleExpiresAt - later.CreatedAt).Should().Be(plain.IdleExpiresAt is null ? farAt - later.CreatedAt : plain.IdleExpiresAt - plain.CreatedAt);

        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.refreshToken.setExpiresAt('soon'); };");
        await (await LoginResponseAsync("openid offline_access")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied",
            "api.refreshToken.setExpiresAt: absolute must be a time in milliseconds since the epoch");
    }

    [Fact]
    public async Task The_cache_keeps_values_between_executions()
    {
        await Scripts.BindAsync(management, """
            exports.onExecutePostLogin = async (event, api) => {
              const before = api.cache.get('visits');
              const count = before ? Number(before.value) + 1 : 1;
              const written = api.cache.set('visits', String(count), { ttl: 60000 });
              api.accessToken.setCustomClaim('https://t/visits', count);
              api.accessToken.setCustomClaim('https://t/write', written.type);
              api.accessToken.setCustomClaim('https://t/too-big', api.cache.set('big', 'x'.repeat(5000)).type);
            };
            """);
        Scripts.Claims((await LoginAsync("read:sample")).GetProperty("access_token").GetString()!)["https://t/visits"]!.GetValue<int>().Should().Be(1);
        var second = Scripts.Claims((await LoginAsync("read:sample")).GetProperty("access_token").GetString()!);
        second["https://t/visits"]!.GetValue<int>().Should().Be(2);
        second["https://t/write"]!.GetValue<string>().Should().Be("success");
        second["https://t/too-big"]!.GetValue<string>().Should().Be("error");
    }

    [Fact]
    public async Task Console_output_and_executions_are_kept_with_the_log_event()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { console.log('checked', event.user.email); };");
        // Every event of this class shares the test clock's instant; move it so this login's event sorts first.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await LoginAsync("read:sample");
        var entry = await management.WaitForLogAsync(l => l["type"]?.GetValue<string>() == "s" && l["details"]?.ToJsonString().Contains("checked") == true, "&q=type:s");
        var execution = entry["details"]!["actions"]!["executions"]!.AsArray()[0]!;
        execution["stdout"]!.GetValue<string>().Should().Be("checked " + TestTenant.JaneEmail);
        execution["type"]!.GetValue<string>().Should().Be("action");
        execution["version_number"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task A_runaway_action_fails_its_login_within_the_limit_and_other_requests_keep_working()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { while (true) {} };");
        var runaway = LoginResponseAsync();
        var other = await Infrastructure.Management.TokenAsync(factory.CreateClient());
        other.Should().NotBeNullOrEmpty();
        (await management.GetAsync("actions/triggers")).Should().NotBeNull();
        await (await runaway).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Script execution time exceeded");

        // Large blocks, so the memory limit is reached in a few statements even when a loaded machine slows the script.
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { const keep = []; for (;;) keep.push(new Array(1000000).fill('x')); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Script execution exceeded the memory limit");
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { const f = () => f(); f(); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Maximum call stack size exceeded");

        await Scripts.UnbindAllAsync(management);
        await LoginAsync("read:sample");
    }

    [Fact]
    public async Task Unsupported_api_namespaces_fail_with_a_clear_message()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.session.revoke(); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "api.session.revoke is not available: there is no session in the password and refresh-token flows");
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.validation.error('invalid_profile', 'Profile incomplete'); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_profile", "Profile incomplete");
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://t/rule', api.rules.wasExecuted('rul_nothing')); api.authentication.challengeWith({ type: 'otp' }); };");
        await (await LoginResponseAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "mfa_required");
    }

    [Fact]
    public async Task Logins_without_bound_scripts_are_unchanged()
    {
        var json = await LoginAsync("openid read:sample");
        var access = Scripts.Claims(json.GetProperty("access_token").GetString()!);
        access.Select(c => c.Key).Should().BeEquivalentTo(["iss", "sub", "aud", "iat", "exp", "scope", "gty", "azp"]);
    }
}

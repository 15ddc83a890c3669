using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Actions;

/// <summary>Legacy Rules: the seed's Rule unchanged, the context they see, errors, configuration, order, and the API.</summary>
public sealed class RuleTests(ActionsFactory factory) : IClassFixture<ActionsFactory>, IAsyncLifetime
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    public Task InitializeAsync() => Scripts.UnbindAllAsync(management);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> RuleAsync(string name, string script, int? order = null, bool enabled = true) =>
        (await management.PostAsync("rules", new { name, script, order, enabled }))["id"]!.GetValue<string>();

    [Fact]
    public async Task The_seed_rule_unchanged_gives_the_documented_tokens()
    {
        await RuleAsync("customize tokens", Scripts.SeedRule);
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "openid read:sample"))).ShouldSucceedAsync();
        Protocol.Scopes(json).Should().Equal("array", "of", "strings");
        var access = Scripts.Claims(json.GetProperty("access_token").GetString()!);
        access["http://foo/bar"]!.GetValue<string>().Should().Be("value");
        access["scope"]!.GetValue<string>().Should().Be("array of strings");
        Scripts.Claims(json.GetProperty("id_token").GetString()!)["http://fiz/baz"]!.GetValue<string>().Should().Be("some other value");
    }

    [Fact]
    public async Task Rules_run_in_order_before_actions_and_see_the_context()
    {
        await RuleAsync("second", "function (user, context, callback) { context.idToken['https://t/order'] = (context.idToken['https://t/order'] || '') + '2'; context.accessToken['https://t/ctx'] = { client: context.clientID, protocol: context.protocol, connection: context.connection, strategy: context.connectionStrategy, email: user.email, logins: context.stats.loginsCount, cfg: configuration.GREETING, scope: context.accessToken.scope }; callback(null, user, context); }", order: 2);
        await RuleAsync("first", "function (user, context, callback) { context.idToken['https://t/order'] = '1'; callback(null, user, context); }", order: 1);
        await RuleAsync("disabled", "function (user, context, callback) { callback(new UnauthorizedError('disabled rule ran')); }", order: 0, enabled: false);
        await management.OkAsync(HttpMethod.Put, "rules-configs/GREETING", new { value = "hello" });
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://t/after-rules', api.rules.wasExecuted !== undefined); };");

        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "openid read:sample"))).ShouldSucceedAsync();
        Scripts.Claims(json.GetProperty("id_token").GetString()!)["https://t/order"]!.GetValue<string>().Should().Be("12");
        var access = Scripts.Claims(json.GetProperty("access_token").GetString()!);
        var ctx = access["https://t/ctx"]!;
        ctx["client"]!.GetValue<string>().Should().Be(TestTenant.WebClientId);
        ctx["protocol"]!.GetValue<string>().Should().Be("oauth2-password");
        ctx["connection"]!.GetValue<string>().Should().Be(TestTenant.Connection);
        ctx["strategy"]!.GetValue<string>().Should().Be("auth0");
        ctx["email"]!.GetValue<string>().Should().Be(TestTenant.JaneEmail);
        ctx["logins"]!.GetValue<int>().Should().BeGreaterThan(0);
        ctx["cfg"]!.GetValue<string>().Should().Be("hello");
        ctx["scope"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Contain("read:sample");
        access["https://t/after-rules"]!.GetValue<bool>().Should().BeTrue();
        (await management.GetAsync("rules-configs")).AsArray().Select(c => c!["key"]!.GetValue<string>()).Should().Equal("GREETING");
        (await management.GetAsync("rules-configs")).ToJsonString().Should().NotContain("hello");
    }

    [Fact]
    public async Task Rule_errors_refuse_the_login()
    {
        var id = await RuleAsync("unauthorized", "function (user, context, callback) { callback(new UnauthorizedError('Access only on weekdays')); }");
        await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Access only on weekdays");
        await management.PatchAsync($"rules/{id}", new { script = "function (user, context, callback) { callback(new Error('plain error')); }" });
        await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "plain error");
        await management.PatchAsync($"rules/{id}", new { script = "function (user, context, callback) { return; }" });
        await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "The script finished without calling its callback");
        await management.PatchAsync($"rules/{id}", new { enabled = false });
        await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Rules_run_on_refresh_with_their_protocol()
    {
        await RuleAsync("refresh-protocol", "function (user, context, callback) { context.accessToken['https://t/p'] = context.protocol; callback(null, user, context); }");
        var login = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "offline_access read:sample"))).ShouldSucceedAsync();
        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(login.GetProperty("refresh_token").GetString()!))).ShouldSucceedAsync();
        Scripts.Claims(refreshed.GetProperty("access_token").GetString()!)["https://t/p"]!.GetValue<string>().Should().Be("oauth2-refresh-token");
    }

    [Fact]
    public async Task Rules_api_shapes_order_and_bad_input()
    {
        var created = await management.PostAsync("rules", new { name = "shape-check", script = Scripts.SeedRule });
        created["id"]!.GetValue<string>().Should().StartWith("rul_");
        created["enabled"]!.GetValue<bool>().Should().BeTrue();
        created["stage"]!.GetValue<string>().Should().Be("login_success");
        var id = created["id"]!.GetValue<string>();
        (await management.PatchAsync($"rules/{id}", new { order = 7 }))["order"]!.GetValue<int>().Should().Be(7);
        (await management.GetAsync($"rules/{id}"))["order"]!.GetValue<int>().Should().Be(7);
        (await management.GetAsync("rules?include_totals=true"))["total"]!.GetValue<int>().Should().Be(1);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "rules", new { name = "syntax", script = "function (user, context, callback) {\n  callback(null user);\n}" }), HttpStatusCode.BadRequest, "invalid_body", "line 2");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "rules", new { name = "npm", script = "function (user, context, callback) { const r = require('request'); callback(null, user, context); }" }), HttpStatusCode.BadRequest, messageContains: "'request'");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "rules", new { name = "bad name!", script = Scripts.SeedRule }), HttpStatusCode.BadRequest, "invalid_body", "pattern");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "rules", new { name = "shape-check", script = Scripts.SeedRule }), HttpStatusCode.Conflict);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "rules", new { script = Scripts.SeedRule }), HttpStatusCode.BadRequest, "invalid_body", "name");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "rules", new { name = "not-a-function", script = "var x = 1;" }), HttpStatusCode.BadRequest, "invalid_body");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "rules-configs/bad%20key", new { value = "x" }), HttpStatusCode.BadRequest);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, "rules-configs/EMPTY", new { value = "" }), HttpStatusCode.BadRequest, "invalid_body");
        (await management.GetAsync("rules")).AsArray().Should().ContainSingle();

        await management.OkAsync(HttpMethod.Delete, $"rules/{id}", null, HttpStatusCode.NoContent);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, $"rules/{id}"), HttpStatusCode.NotFound, "inexistent_rule");
        await management.OkAsync(HttpMethod.Put, "rules-configs/TEMP", new { value = "x" });
        await management.OkAsync(HttpMethod.Delete, "rules-configs/TEMP", null, HttpStatusCode.NoContent);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Delete, "rules-configs/TEMP"), HttpStatusCode.NotFound);
    }
}

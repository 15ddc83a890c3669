using System.Net;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Actions;

/// <summary>The Actions Management API: shapes, deploys and versions, bindings, tests, and every "bad input" of the issue.</summary>
public sealed class ActionsApiTests(ActionsFactory factory) : IClassFixture<ActionsFactory>, IAsyncLifetime
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    public Task InitializeAsync() => Scripts.UnbindAllAsync(management);

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Body(string code, string name, object[]? secrets = null, string trigger = "post-login") => new
    {
        name,
        supported_triggers = new[] { new { id = trigger, version = "v3" } },
        code,
        secrets = secrets ?? [],
    };

    private Task BadAsync(HttpMethod method, string path, object? body, HttpStatusCode status, string messageContains) =>
        Infrastructure.Management.ShouldBeManagementErrorAsync(management.SendAsync(method, path, body).Result, status, messageContains: messageContains);

    [Fact]
    public async Task Create_get_list_update_and_delete_an_action()
    {
        var created = await management.PostAsync("actions/actions", Body(Scripts.SeedAction, "seed-crud", [new { name = "KEY", value = "value-1" }]));
        var id = created["id"]!.GetValue<string>();
        created["name"]!.GetValue<string>().Should().Be("seed-crud");
        created["supported_triggers"]!.AsArray()[0]!["id"]!.GetValue<string>().Should().Be("post-login");
        created["code"]!.GetValue<string>().Should().Be(Scripts.SeedAction);
        created["runtime"]!.GetValue<string>().Should().Be("node22");
        created["all_changes_deployed"]!.GetValue<bool>().Should().BeFalse();
        created["status"]!.GetValue<string>().Should().Be("built");
        created["secrets"]!.AsArray().Single()!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["name", "updated_at"]);

        var list = await management.GetAsync("actions/actions?actionName=seed-crud");
        list["total"]!.GetValue<int>().Should().Be(1);
        list["actions"]!.AsArray()[0]!["id"]!.GetValue<string>().Should().Be(id);
        (await management.GetAsync("actions/actions?triggerId=credentials-exchange"))["actions"]!.AsArray().Should().NotContain(a => a!["id"]!.GetValue<string>() == id);

        var updated = await management.PatchAsync($"actions/actions/{id}", new { name = "seed-crud-2", secrets = new object[] { new { name = "KEY" }, new { name = "OTHER", value = "v2" } } });
        updated["name"]!.GetValue<string>().Should().Be("seed-crud-2");
        updated["secrets"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Equal("KEY", "OTHER");
        (await management.GetAsync($"actions/actions/{id}")).ToJsonString().Should().NotContain("value-1").And.NotContain("v2\"");

        await management.DeleteAsync($"actions/actions/{id}");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, $"actions/actions/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Secrets_are_encrypted_at_rest()
    {
        var created = await management.PostAsync("actions/actions", Body(Scripts.SeedAction, "secret-at-rest", [new { name = "PLAIN", value = "plaintext-secret-value-123" }]));
        var stored = await factory.WithDbAsync(db => db.Actions.AsNoTracking().FirstAsync(a => a.Id == created["id"]!.GetValue<string>()));
        stored.SecretsJson.Should().NotContain("plaintext-secret-value-123");
        stored.SecretsJson.Should().Contain("\"value\":\"v1.");
    }

    [Fact]
    public async Task Deploys_make_immutable_versions_and_a_roll_back_makes_a_new_one()
    {
        var id = (await management.PostAsync("actions/actions", Body("exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://t/v', 1); };", "versions")))["id"]!.GetValue<string>();
        var first = await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/deploy");
        first["number"]!.GetValue<int>().Should().Be(1);
        first["deployed"]!.GetValue<bool>().Should().BeTrue();
        first["action"]!["id"]!.GetValue<string>().Should().Be(id);
        (await management.GetAsync($"actions/actions/{id}"))["all_changes_deployed"]!.GetValue<bool>().Should().BeTrue();

        await management.PatchAsync($"actions/actions/{id}", new { code = "exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://t/v', 2); };" });
        (await management.GetAsync($"actions/actions/{id}"))["all_changes_deployed"]!.GetValue<bool>().Should().BeFalse();
        await management.PatchAsync("actions/triggers/post-login/bindings", new { bindings = new[] { new { @ref = new { type = "action_name", value = "versions" }, display_name = "Versions" } } });
        await ClaimAsync(1);

        await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/deploy");
        await ClaimAsync(2);

        var versions = await management.GetAsync($"actions/actions/{id}/versions");
        versions["total"]!.GetValue<int>().Should().Be(2);
        versions["versions"]!.AsArray().Select(v => v!["number"]!.GetValue<int>()).Should().Equal(2, 1);
        versions["versions"]!.AsArray().Select(v => v!["deployed"]!.GetValue<bool>()).Should().Equal(true, false);
        var v1 = first["id"]!.GetValue<string>();
        (await management.GetAsync($"actions/actions/{id}/versions/{v1}"))["code"]!.GetValue<string>().Should().Contain("'https://t/v', 1");

        var rolledBack = await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/versions/{v1}/deploy", new { update_draft = true });
        rolledBack["number"]!.GetValue<int>().Should().Be(3);
        rolledBack["code"]!.GetValue<string>().Should().Contain("'https://t/v', 1");
        await ClaimAsync(1);
        (await management.GetAsync($"actions/actions/{id}"))["code"]!.GetValue<string>().Should().Contain("'https://t/v', 1");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"actions/actions/{id}/versions/not-a-version/deploy"), HttpStatusCode.NotFound);
    }

    private async Task ClaimAsync(int expected)
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldSucceedAsync();
        Scripts.Claims(json.GetProperty("access_token").GetString()!)["https://t/v"]!.GetValue<int>().Should().Be(expected);
    }

    [Fact]
    public async Task Bindings_are_ordered_replaced_and_listed()
    {
        var a = await Scripts.CreateAsync(management, "exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://t/order', 'a'); };");
        var b = await Scripts.CreateAsync(management, "exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://t/order', 'b'); };");
        await management.OkAsync(HttpMethod.Post, $"actions/actions/{a}/deploy");
        await management.OkAsync(HttpMethod.Post, $"actions/actions/{b}/deploy");
        var patched = await management.PatchAsync("actions/triggers/post-login/bindings", new { bindings = new[] { new { @ref = new { type = "action_id", value = a } }, new { @ref = new { type = "action_id", value = b } } } });
        patched["bindings"]!.AsArray().Select(x => x!["action"]!["id"]!.GetValue<string>()).Should().Equal(a, b);
        var firstBinding = patched["bindings"]!.AsArray()[0]!["id"]!.GetValue<string>();
        patched["bindings"]!.AsArray()[0]!["trigger_id"]!.GetValue<string>().Should().Be("post-login");
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldSucceedAsync();
        Scripts.Claims(json.GetProperty("access_token").GetString()!)["https://t/order"]!.GetValue<string>().Should().Be("b");

        await management.PatchAsync("actions/triggers/post-login/bindings", new { bindings = new object[] { new { @ref = new { type = "action_id", value = b } }, new { @ref = new { type = "binding_id", value = firstBinding } } } });
        var listed = await management.GetAsync("actions/triggers/post-login/bindings");
        listed["total"]!.GetValue<int>().Should().Be(2);
        listed["bindings"]!.AsArray().Select(x => x!["action"]!["id"]!.GetValue<string>()).Should().Equal(b, a);
        listed["bindings"]!.AsArray()[1]!["id"]!.GetValue<string>().Should().Be(firstBinding);
        json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldSucceedAsync();
        Scripts.Claims(json.GetProperty("access_token").GetString()!)["https://t/order"]!.GetValue<string>().Should().Be("a");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Delete, $"actions/actions/{a}"), HttpStatusCode.BadRequest, "action_bound");
        await management.OkAsync(HttpMethod.Delete, $"actions/actions/{a}?force=true", null, HttpStatusCode.NoContent);
        (await management.GetAsync("actions/triggers/post-login/bindings"))["bindings"]!.AsArray().Select(x => x!["action"]!["id"]!.GetValue<string>()).Should().Equal(b);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_clear_error_and_nothing_is_written()
    {
        await BadAsync(HttpMethod.Post, "actions/actions", Body("exports.onExecutePostLogin = async (event, api) => {\n  const x = ;\n};", "syntax"), HttpStatusCode.BadRequest, "syntax error at line 2, column 13: Unexpected token");
        await BadAsync(HttpMethod.Post, "actions/actions", Body("// " + new string('x', 100 * 1024), "too-big"), HttpStatusCode.BadRequest, "maximum 102400");
        await BadAsync(HttpMethod.Post, "actions/actions", Body("exports.x = 1;", "secret-name", [new { name = new string('n', 129), value = "v" }]), HttpStatusCode.BadRequest, "maximum 128");
        await BadAsync(HttpMethod.Post, "actions/actions", Body("exports.x = 1;", "secret-value", [new { name = "N", value = new string('v', 4097) }]), HttpStatusCode.BadRequest, "maximum 4096");
        await BadAsync(HttpMethod.Post, "actions/actions", Body("exports.x = 1;", "secret-dup", [new { name = "N", value = "a" }, new { name = "N", value = "b" }]), HttpStatusCode.BadRequest, "not unique");
        await BadAsync(HttpMethod.Post, "actions/actions", new { name = "no-triggers", code = "" }, HttpStatusCode.BadRequest, "Missing required property: supported_triggers");
        await BadAsync(HttpMethod.Post, "actions/actions", new { name = "bad-trigger", supported_triggers = new[] { new { id = "post-everything" } } }, HttpStatusCode.BadRequest, "No enum match");
        await BadAsync(HttpMethod.Post, "actions/actions", new { name = "extra", supported_triggers = new[] { new { id = "post-login" } }, colour = 1 }, HttpStatusCode.BadRequest, "Additional properties not allowed: colour");
        await BadAsync(HttpMethod.Post, "actions/actions", new { name = "runtime", supported_triggers = new[] { new { id = "post-login" } }, runtime = "python3" }, HttpStatusCode.BadRequest, "No enum match");
        (await management.GetAsync("actions/actions?per_page=100"))["actions"]!.AsArray().Select(a => a!["name"]!.GetValue<string>())
            .Should().NotContain(["syntax", "too-big", "secret-name", "secret-value", "secret-dup", "no-triggers", "bad-trigger", "extra", "runtime"]);

        var id = await Scripts.CreateAsync(management, "exports.onExecutePostLogin = async () => {};");
        await BadAsync(HttpMethod.Patch, $"actions/actions/{id}", new { code = "exports.onExecutePostLogin = async () => {" }, HttpStatusCode.BadRequest, "syntax error at line 1");
        (await management.GetAsync($"actions/actions/{id}"))["code"]!.GetValue<string>().Should().Be("exports.onExecutePostLogin = async () => {};");
        await BadAsync(HttpMethod.Patch, "actions/triggers/post-login/bindings", new { bindings = new[] { new { @ref = new { type = "action_id", value = id } } } }, HttpStatusCode.BadRequest, "has never been deployed");
        await BadAsync(HttpMethod.Patch, "actions/triggers/post-login/bindings", new { bindings = new[] { new { @ref = new { type = "action_id", value = "nope" } } } }, HttpStatusCode.NotFound, "no action matches");
        await BadAsync(HttpMethod.Patch, "actions/triggers/post-user-registration/bindings", new { bindings = Array.Empty<object>() }, HttpStatusCode.BadRequest, "does not run");
        await BadAsync(HttpMethod.Patch, "actions/triggers/nonsense/bindings", new { bindings = Array.Empty<object>() }, HttpStatusCode.NotFound, "does not exist");

        var npm = await Scripts.CreateAsync(management, "const axios = require('axios');\nexports.onExecutePostLogin = async () => { await axios.get('https://x'); };");
        await BadAsync(HttpMethod.Post, $"actions/actions/{npm}/deploy", null, HttpStatusCode.BadRequest, "requires the npm module 'axios'");
        await management.PatchAsync($"actions/actions/{npm}", new { code = "exports.onExecutePostLogin = async () => {};", dependencies = new[] { new { name = "lodash", version = "4.17.21" } } });
        await BadAsync(HttpMethod.Post, $"actions/actions/{npm}/deploy", null, HttpStatusCode.BadRequest, "'lodash@4.17.21'");
        (await management.GetAsync($"actions/actions/{npm}/versions"))["total"]!.GetValue<int>().Should().Be(0);
        (await management.GetAsync("actions/triggers/post-login/bindings"))["bindings"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Test_runs_the_draft_and_answers_what_it_did()
    {
        var id = await Scripts.CreateAsync(management, """
            exports.onExecutePostLogin = async (event, api) => {
              console.log('testing', event.user.email);
              api.accessToken.setCustomClaim('https://t/a', event.secrets.S);
              api.idToken.setCustomClaim('https://t/i', 1);
              api.accessToken.addScope('extra');
              api.user.setAppMetadata('k', 'v');
              if (event.request.ip === '10.0.0.1') api.access.deny('blocked');
            };
            """, secrets: [new { name = "S", value = "shh" }]);
        var result = (await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/test", new { payload = new { user = new { email = "a@b.c" }, request = new { ip = "10.0.0.1" } } }))["payload"]!;
        result["logs"]!.GetValue<string>().Should().Be("testing a@b.c");
        result["access_token_claims"]!["https://t/a"]!.GetValue<string>().Should().Be("shh");
        result["id_token_claims"]!["https://t/i"]!.GetValue<int>().Should().Be(1);
        result["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("extra");
        result["app_metadata"]!["k"]!.GetValue<string>().Should().Be("v");
        result["access_denied"]!["error_description"]!.GetValue<string>().Should().Be("blocked");
        result["error"].Should().BeNull();

        var thrown = (await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/test", new { payload = new { } }))["payload"]!;
        thrown["error"]!["message"]!.GetValue<string>().Should().Be("Cannot read properties of undefined (reading 'ip')");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "actions/actions/missing/test", new { payload = new { } }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Triggers_are_listed_and_the_endpoints_need_the_actions_scopes()
    {
        var triggers = (await management.GetAsync("actions/triggers"))["triggers"]!.AsArray();
        triggers.Select(t => t!["id"]!.GetValue<string>()).Should().Equal("post-login", "credentials-exchange");
        triggers[0]!["version"]!.GetValue<string>().Should().Be("v3");
        triggers[0]!["runtimes"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Contain("node22");

        var token = await Infrastructure.Management.TokenAsync(http, "read:users");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, "actions/actions", bearer: token), HttpStatusCode.Forbidden, "insufficient_scope");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, "actions/triggers/post-login/bindings", new { bindings = Array.Empty<object>() }, bearer: token), HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task A_second_node_on_the_same_database_runs_the_new_version_after_a_deploy()
    {
        using var other = new AuthgateFactory(null, new Dictionary<string, string?> { ["Authgate:Protection:LoginsPerUserAndIpPerMinute"] = "100000" }, factory.DataDirectory);
        var otherHttp = other.CreateClient();
        var id = await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://t/node', 'v1'); };");
        async Task<string> NodeClaimAsync(HttpClient client) =>
            Scripts.Claims((await (await client.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldSucceedAsync()).GetProperty("access_token").GetString()!)["https://t/node"]!.GetValue<string>();

        (await NodeClaimAsync(otherHttp)).Should().Be("v1");
        await management.PatchAsync($"actions/actions/{id}", new { code = "exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://t/node', 'v2'); };" });
        (await NodeClaimAsync(otherHttp)).Should().Be("v1", "a draft does not run until it is deployed");
        await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/deploy");
        (await NodeClaimAsync(otherHttp)).Should().Be("v2");
        (await NodeClaimAsync(http)).Should().Be("v2");
    }
}

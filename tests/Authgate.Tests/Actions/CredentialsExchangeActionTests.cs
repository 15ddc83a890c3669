using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Actions;

/// <summary><c>exports.onExecuteCredentialsExchange</c> on the client-credentials grant.</summary>
public sealed class CredentialsExchangeActionTests(ActionsFactory factory) : IClassFixture<ActionsFactory>, IAsyncLifetime
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    public async Task InitializeAsync()
    {
        await Scripts.UnbindAllAsync(management);
        var grants = (await management.GetAsync($"client-grants?client_id={TestTenant.MachineClientId}")).AsArray();
        if (grants.Count == 0)
        {
            await management.PostAsync("client-grants", new { client_id = TestTenant.MachineClientId, audience = TestTenant.Api, scope = new[] { "read:sample", "write:sample" } });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> TokenAsync(string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = TestTenant.MachineClientId, ["client_secret"] = TestTenant.MachineClientSecret, ["audience"] = TestTenant.Api,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return http.PostFormAsync(form);
    }

    [Fact]
    public async Task The_action_sees_the_event_and_adds_claims_and_target_scopes()
    {
        await Scripts.BindAsync(management, """
            exports.onExecuteCredentialsExchange = async (event, api) => {
              if (event.resource_server.identifier !== 'https://api.test/') return;
              api.accessToken.setCustomClaim('https://t/event', {
                client: event.client.client_id, name: event.client.name, audience: event.resource_server.identifier,
                scope: event.accessToken.scope, requested: event.transaction.requested_scopes, tenant: event.tenant.id,
                secret: event.secrets.TOKEN, body: event.request.body });
              api.transaction.removeTargetScope('write:sample');
              api.transaction.addTargetScope('not-granted');
            };
            """, "credentials-exchange", [new { name = "TOKEN", value = "t0k3n" }]);
        var json = await (await TokenAsync()).ShouldSucceedAsync();
        Protocol.Scopes(json).Should().Equal("read:sample");
        var claims = Scripts.Claims(json.GetProperty("access_token").GetString()!);
        var e = claims["https://t/event"]!;
        e["client"]!.GetValue<string>().Should().Be(TestTenant.MachineClientId);
        e["name"]!.GetValue<string>().Should().Be("Machine");
        e["audience"]!.GetValue<string>().Should().Be(TestTenant.Api);
        e["scope"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("read:sample", "write:sample");
        e["requested"]!.AsArray().Should().BeEmpty();
        e["tenant"]!.GetValue<string>().Should().Be("authgate.test");
        e["secret"]!.GetValue<string>().Should().Be("t0k3n");
        e["body"]!.AsObject().ContainsKey("client_secret").Should().BeFalse();
        claims["gty"]!.GetValue<string>().Should().Be("client-credentials");
    }

    [Theory]
    [InlineData("invalid_scope", 400)]
    [InlineData("invalid_request", 400)]
    [InlineData("server_error", 500)]
    public async Task Deny_with_a_code_answers_that_code(string code, int status)
    {
        await Scripts.BindAsync(management, $"exports.onExecuteCredentialsExchange = async (event, api) => {{ if (event.resource_server.identifier === 'https://api.test/') api.access.deny('{code}', 'No tokens for you'); }};", "credentials-exchange");
        await (await TokenAsync()).ShouldBeErrorAsync((HttpStatusCode)status, code, "No tokens for you");
    }

    [Fact]
    public async Task A_deny_with_another_code_or_a_throw_is_access_denied()
    {
        await Scripts.BindAsync(management, "exports.onExecuteCredentialsExchange = async (event, api) => { if (event.resource_server.identifier === 'https://api.test/') api.access.deny('nope', 'x'); };", "credentials-exchange");
        await (await TokenAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "api.access.deny: code must be one of invalid_scope, invalid_request, server_error");
        await Scripts.BindAsync(management, "exports.onExecuteCredentialsExchange = async (event) => { if (event.resource_server.identifier === 'https://api.test/') throw new Error('quota exceeded'); };", "credentials-exchange");
        await (await TokenAsync()).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "quota exceeded");
    }

    [Fact]
    public async Task Post_login_actions_do_not_run_on_client_credentials()
    {
        await Scripts.BindAsync(management, "exports.onExecutePostLogin = async (event, api) => { api.access.deny('post-login ran'); };");
        (await (await TokenAsync()).ShouldSucceedAsync()).GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
    }
}

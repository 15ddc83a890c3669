using System.Text.Json;
using Authgate.Actions;
using Authgate.Issuance;
using Authgate.Scripting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Actions;

/// <summary>
/// Post-login Actions made only of constant token calls are applied without an engine (<see cref="DirectAction"/>).
/// Every shape it recognises must leave the login exactly as the sandbox leaves it, and every shape it does not
/// recognise must go to the sandbox.
/// </summary>
public sealed class DirectActionTests : IDisposable
{
    private readonly ScriptSandbox sandbox = new(Options.Create(new ScriptingOptions()), NullLogger<ScriptSandbox>.Instance);

    public void Dispose() => sandbox.Dispose();

    public static TheoryData<string> Recognised => new()
    {
        // The seed's "Customize tokens", unchanged.
        Scripts.SeedAction,
        """
        'use strict';
        const namespace = 'https://app.example.com';
        exports.onExecutePostLogin = async function (e, a) {
          const suffix = "/plan";
          a.accessToken.setCustomClaim(`${namespace}/tier`, 'gold');
          a.idToken.setCustomClaim(namespace + suffix, { name: 'pro', seats: 25, flags: [true, false, null], "quoted key": -7 });
          a.accessToken.setCustomClaim(namespace + '/nothing', null);
          a.accessToken.addScope('read:sample');
          a.accessToken.removeScope('openid');
          a.accessToken.addScope('openid');
          a.accessToken.removeScope('not-there');
        };
        exports.onContinuePostLogin = async (event, api) => {};
        """,
        "exports.onExecutePostLogin = async (event, api) => api.accessToken.setCustomClaim('https://x/n', 9007199254740991);",
        """
        module.exports.onExecutePostLogin = (event, api) => {
          api.accessToken.setCustomClaim('sub', 'reserved, dropped by both paths');
          api.accessToken.setCustomClaim('https://x/list', ['a', `b`, 'c' + 'd']);
          api.idToken.setCustomClaim('https://x/same', 1);
          api.idToken.setCustomClaim('https://x/same', 2);
          ;
        };
        """,
        "exports.onExecutePostLogin = async (event, api) => {};",
    };

    [Theory]
    [MemberData(nameof(Recognised))]
    public async Task A_recognised_action_leaves_the_login_as_the_sandbox_does(string code)
    {
        var direct = DirectAction.TryCreate(code);
        direct.Should().NotBeNull();

        var viaEngine = new LoginScriptState(["openid", "profile"]);
        var (script, error) = sandbox.Compile(code, ScriptShape.Program);
        error.Should().BeNull();
        var action = new DeployedAction("act_1", "a", "v1", 1, script!, new Dictionary<string, string>());
        var result = await sandbox.RunAsync(script!, new ScriptInvocation
        {
            Export = "onExecutePostLogin",
            Arguments = scope =>
            {
                var @event = scope.FromJsonOnFirstUse(new System.Text.Json.Nodes.JsonObject { ["user"] = new System.Text.Json.Nodes.JsonObject() });
                return [@event, PostLoginApi.Create(scope, @event, viaEngine, action, new ActionCache(TimeProvider.System), IssuanceFlow.Password)];
            },
        }, default);
        result.Succeeded.Should().BeTrue(result.Failure?.Message);

        var applied = new LoginScriptState(["openid", "profile"]);
        direct!.Apply(applied);

        applied.Scopes.Should().Equal(viaEngine.Scopes);
        Json(applied.Claims.ForAccessToken(false)).Should().Be(Json(viaEngine.Claims.ForAccessToken(false)));
        Json(applied.Claims.ForIdToken()).Should().Be(Json(viaEngine.Claims.ForIdToken()));
        applied.Claims.WithinSizeLimit().Should().Be(viaEngine.Claims.WithinSizeLimit());
    }

    [Fact]
    public void Applying_twice_gives_two_independent_logins()
    {
        var direct = DirectAction.TryCreate("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/o', { a: [1] }); };")!;
        var first = new LoginScriptState([]);
        var second = new LoginScriptState([]);
        direct.Apply(first);
        direct.Apply(second);
        Json(first.Claims.ForAccessToken(false)).Should().Be("""{"https://x/o":{"a":[1]}}""").And.Be(Json(second.Claims.ForAccessToken(false)));
    }

    [Theory]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/e', event.user.email); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { if (true) { api.accessToken.addScope('a'); } };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.access.deny('no'); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { console.log('x'); api.accessToken.addScope('a'); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.addScope(1); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/n', 1.5); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/n', 9007199254740993); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/n', -0); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/s', '\\ud800'); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/n'); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api['accessToken'].addScope('a'); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken?.addScope('a'); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { let s = 'a'; api.accessToken.addScope(s); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.addScope(s); const s = 'a'; };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { const api = 1; };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { return api.accessToken.addScope('a'); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api = {}) => { api.accessToken.addScope('a'); };")]
    [InlineData("exports.onExecutePostLogin = async (api) => { api.accessToken.addScope('a'); };")]
    [InlineData("exports.onExecutePostLogin = async function* (event, api) { api.accessToken.addScope('a'); };")]
    [InlineData("const x = 'a'; const x2 = x; const y = z; exports.onExecutePostLogin = async (event, api) => {};")]
    [InlineData("const exports = {}; exports.onExecutePostLogin = async (event, api) => {};")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => {}; exports.onExecutePostLogin = async (event, api) => { api.accessToken.addScope('a'); };")]
    [InlineData("doSomething(); exports.onExecutePostLogin = async (event, api) => {};")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/o', { ...{ a: 1 } }); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/o', { __proto__: null }); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim(`https://x/${event.user.email}`, 1); };")]
    [InlineData("exports.onCredentialsExchange = async (event, api) => { api.accessToken.setCustomClaim('https://x/n', 1); };")]
    [InlineData("exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://x/n', 1) ")]
    public void Anything_else_runs_in_the_sandbox(string code) => DirectAction.TryCreate(code).Should().BeNull();

    private static string Json(IReadOnlyDictionary<string, object> claims) =>
        JsonSerializer.Serialize(claims.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value));
}

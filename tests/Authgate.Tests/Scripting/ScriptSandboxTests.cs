using System.Text.Json.Nodes;
using Authgate.Scripting;
using Jint.Native;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Scripting;

/// <summary>The sandbox on its own: entry points, values in and out, host promises, callbacks, every limit and error.</summary>
public sealed class ScriptSandboxTests : IDisposable
{
    private readonly List<ScriptSandbox> sandboxes = [];

    private ScriptSandbox Sandbox(Action<ScriptingOptions>? configure = null)
    {
        var options = new ScriptingOptions { MaxConcurrency = 4 };
        configure?.Invoke(options);
        var sandbox = new ScriptSandbox(Options.Create(options), NullLogger<ScriptSandbox>.Instance);
        sandboxes.Add(sandbox);
        return sandbox;
    }

    private static CompiledScript Compile(ScriptSandbox sandbox, string source, ScriptShape shape = ScriptShape.Program)
    {
        var (script, error) = sandbox.Compile(source, shape);
        error.Should().BeNull();
        return script!;
    }

    private static ScriptInvocation Export(string name, params JsonNode?[] arguments) => new()
    {
        Export = name,
        Arguments = scope => arguments.Select(scope.FromJson).ToArray(),
    };

    public void Dispose()
    {
        foreach (var sandbox in sandboxes)
        {
            sandbox.Dispose();
        }
    }

    [Fact]
    public async Task An_exported_async_function_gets_real_js_objects_and_returns_json()
    {
        var sandbox = Sandbox();
        var script = Compile(sandbox, "exports.run = async (event) => ({ keys: Object.keys(event), copy: { ...event.user }, text: JSON.stringify(event.user) });");
        var result = await sandbox.RunAsync(script, Export("run", JsonNode.Parse("""{"user":{"email":"a@b.c"},"n":1}""")), default);
        result.Succeeded.Should().BeTrue(result.Failure?.Message);
        result.Value!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).Should().Equal("user", "n");
        result.Value["copy"]!["email"]!.GetValue<string>().Should().Be("a@b.c");
        result.Value["text"]!.GetValue<string>().Should().Be("""{"email":"a@b.c"}""");
    }

    [Fact]
    public async Task Objects_converted_on_first_use_look_to_a_script_exactly_like_parsed_json()
    {
        // The event is converted object by object as the script first touches it; whatever the script does with it,
        // it must see what JSON.parse of the same document gives, numbers, nulls, arrays, order and descriptors included.
        var sandbox = Sandbox();
        var script = Compile(sandbox, """
            exports.run = async (lazy, parsed) => {
              const look = (e) => [
                Object.keys(e).join(), JSON.stringify(e), JSON.stringify({ ...e.user }), 'user' in e, e.hasOwnProperty('n'),
                JSON.stringify(Object.getOwnPropertyDescriptor(e, 'n')), JSON.stringify(Object.entries(e.user.identities[0])),
                typeof e.big, e.big + 1, e.neg, e.nothing === null, Array.isArray(e.list), e.list.length, e.user.identities[0].isSocial,
                (() => { let s = ''; for (const k in e.user) s += k; return s; })(),
                (() => { e.user.email = 'changed'; delete e.n; e.added = 1; return JSON.stringify(e); })(),
                Object.getPrototypeOf(e.user) === Object.prototype, String(e.user), Object.isFrozen(Object.freeze(e.list)),
              ];
              return { lazy: look(lazy), parsed: look(parsed) };
            };
            """);
        var document = JsonNode.Parse("""
            {"user":{"email":"a@b.c","identities":[{"connection":"c","isSocial":false}],"app_metadata":{"x":{"y":[1,2]}}},
             "n":1,"big":12345678901234,"neg":-0.5,"nothing":null,"list":["a",{"b":true},[]],"emoji":"😀","date":"2026-01-01T00:00:00.000Z"}
            """)!.AsObject();
        document["typed"] = new JsonObject { ["int"] = 7, ["long"] = 9_007_199_254_740_991L, ["double"] = 0.25, ["bool"] = true, ["text"] = "t" };
        var result = await sandbox.RunAsync(script, new ScriptInvocation
        {
            Export = "run",
            Arguments = scope => [scope.FromJsonOnFirstUse(document.DeepClone()), scope.FromJson(document)],
        }, default);

        result.Succeeded.Should().BeTrue(result.Failure?.Message);
        result.Value!["lazy"]!.ToJsonString().Should().Be(result.Value["parsed"]!.ToJsonString());
        result.Value["lazy"]![1]!.GetValue<string>().Should().Contain("\"long\":9007199254740991").And.Contain("\"emoji\":\"😀\"");
    }

    [Fact]
    public async Task Module_exports_named_functions_and_function_expressions_are_entry_points()
    {
        var sandbox = Sandbox();
        var viaModule = await sandbox.RunAsync(Compile(sandbox, "module.exports = { run: () => 'module' };"), Export("run"), default);
        viaModule.Value!.GetValue<string>().Should().Be("module");

        var named = Compile(sandbox, "function login(email, password, callback) { callback(null, { email: email, ok: password === 'pw' }); }");
        var login = await sandbox.RunAsync(named, new ScriptInvocation
        {
            GlobalFunction = "login",
            Arguments = scope => [scope.FromJson(JsonValue.Create("x@y.z")), scope.FromJson(JsonValue.Create("pw"))],
            Callback = true,
        }, default);
        login.CallbackValues.Single()!["ok"]!.GetValue<bool>().Should().BeTrue();

        var rule = Compile(sandbox, "function (user, context, callback) {\n  context.idToken['https://x/y'] = user.name;\n  callback(null, user, context);\n};", ScriptShape.FunctionExpression);
        var ran = await sandbox.RunAsync(rule, new ScriptInvocation
        {
            Arguments = scope => [scope.FromJson(JsonNode.Parse("""{"name":"Jane"}""")), scope.FromJson(JsonNode.Parse("""{"idToken":{}}"""))],
            Callback = true,
        }, default);
        ran.CallbackValues.Should().HaveCount(2);
        ran.CallbackValues[1]!["idToken"]!["https://x/y"]!.GetValue<string>().Should().Be("Jane");
    }

    [Fact]
    public async Task Every_execution_starts_from_a_fresh_engine()
    {
        var sandbox = Sandbox();
        var script = Compile(sandbox, "globalThis.count = (globalThis.count || 0) + 1; exports.run = () => globalThis.count;");
        (await sandbox.RunAsync(script, Export("run"), default)).Value!.GetValue<int>().Should().Be(1);
        (await sandbox.RunAsync(script, Export("run"), default)).Value!.GetValue<int>().Should().Be(1);
        sandbox.Compile("globalThis.count = (globalThis.count || 0) + 1; exports.run = () => globalThis.count;", ScriptShape.Program).Script.Should().BeSameAs(script);
    }

    [Fact]
    public void Syntax_errors_name_the_line_and_column()
    {
        var sandbox = Sandbox();
        var (script, error) = sandbox.Compile("exports.onExecutePostLogin = async (event, api) => {\n  const x = ;\n};", ScriptShape.Program);
        script.Should().BeNull();
        error!.Line.Should().Be(2);
        error.Column.Should().Be(13);
        error.Message.Should().Contain("Unexpected token");

        var (_, ruleError) = sandbox.Compile("function (user, context, callback) {\n  callback(null user);\n}", ScriptShape.FunctionExpression);
        ruleError!.Line.Should().Be(2);
        var (_, notAFunction) = sandbox.Compile("var x = 1;", ScriptShape.FunctionExpression);
        notAFunction.Should().NotBeNull();
    }

    [Fact]
    public async Task Require_is_found_at_compile_time_and_fails_at_run_time()
    {
        var sandbox = Sandbox();
        var script = Compile(sandbox, "const axios = require('axios');\nconst m = 'x'; require(m); require('axios');\nexports.run = () => 1;");
        script.RequiredModules.Should().Equal("axios", "(dynamic)");
        var result = await sandbox.RunAsync(script, Export("run"), default);
        result.Failure!.Kind.Should().Be(ScriptFailureKind.Error);
        result.Failure.Message.Should().Be("Cannot find module 'axios': npm modules are not available in Authgate");
    }

    [Fact]
    public async Task Node_and_browser_globals_are_absent()
    {
        var sandbox = Sandbox();
        var script = Compile(sandbox, "exports.run = () => [typeof process, typeof fetch, typeof setTimeout, typeof Buffer, typeof XMLHttpRequest, typeof importScripts, typeof console.log];");
        var values = (await sandbox.RunAsync(script, Export("run"), default)).Value!.AsArray().Select(v => v!.GetValue<string>());
        values.Should().Equal("undefined", "undefined", "undefined", "undefined", "undefined", "undefined", "function");
    }

    [Fact]
    public async Task Console_output_is_kept_and_capped()
    {
        var sandbox = Sandbox(o => o.MaxConsoleCharacters = 300);
        var script = Compile(sandbox, "exports.run = () => { console.log('hello', 42, { a: 1 }); console.error(new Error('bad')); console.info('x'.repeat(1000)); console.log('dropped'); };");
        var result = await sandbox.RunAsync(script, Export("run"), default);
        result.Logs[0].Should().Be("""hello 42 {"a":1}""");
        result.Logs[1].Should().StartWith("Error: bad");
        string.Concat(result.Logs).Length.Should().BeLessThanOrEqualTo(300);
        result.Logs.Should().NotContain("dropped");
    }

    [Fact]
    public async Task Host_promises_settle_when_host_work_ends()
    {
        var sandbox = Sandbox();
        var release = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = Compile(sandbox, "exports.run = async (host) => { const a = await host.lookup(); const b = await host.lookup(); return a + b; };");
        var calls = 0;
        var running = sandbox.RunAsync(script, new ScriptInvocation
        {
            Export = "run",
            Arguments = scope =>
            {
                var host = scope.Object();
                host.Set("lookup", scope.Function("lookup", _ => scope.Promise(async ct => { calls++; return await release.Task.WaitAsync(ct); })));
                return [host];
            },
        }, default);
        running.IsCompleted.Should().BeFalse();
        release.SetResult(JsonValue.Create(20));
        var result = await running;
        result.Value!.GetValue<int>().Should().Be(40);
        calls.Should().Be(2);

        var failing = await sandbox.RunAsync(Compile(sandbox, "exports.run = async (host) => { try { await host.fail(); } catch (e) { return 'caught ' + e.message; } };"), new ScriptInvocation
        {
            Export = "run",
            Arguments = scope =>
            {
                var host = scope.Object();
                host.Set("fail", scope.Function("fail", _ => scope.Promise(_ => Task.FromException<JsonNode?>(new InvalidOperationException("unreachable host")))));
                return [host];
            },
        }, default);
        failing.Value!.GetValue<string>().Should().Be("caught unreachable host");
    }

    [Fact]
    public async Task Injected_globals_are_visible()
    {
        var sandbox = Sandbox();
        var script = Compile(sandbox, "exports.run = () => configuration.KEY + ':' + typeof UnauthorizedError;");
        var result = await sandbox.RunAsync(script, new ScriptInvocation
        {
            Export = "run",
            Arguments = _ => [],
            Globals = scope =>
            {
                scope.Engine.SetValue("configuration", scope.FromJson(JsonNode.Parse("""{"KEY":"v"}""")));
                scope.Engine.Execute("class UnauthorizedError extends Error {}");
            },
        }, default);
        result.Value!.GetValue<string>().Should().Be("v:function");
    }

    [Theory]
    [InlineData("exports.run = async () => { throw new Error('boom'); };", "Error", "boom")]
    [InlineData("exports.run = () => { null.x; };", "Error", "Cannot read properties of null (reading 'x')")]
    [InlineData("exports.run = async () => Promise.reject('plain string');", "Error", "plain string")]
    [InlineData("exports.run = async () => { await new Promise(() => {}); };", "Error", "The script's promise never settled")]
    [InlineData("exports.other = () => 1;", "NoEntryPoint", "exports.run is not a function")]
    [InlineData("exports.run = () => { function r() { return r() + 1; } return r(); };", "RecursionLimit", "Maximum call stack size exceeded")]
    public async Task Failures_are_values_with_a_kind_and_a_message(string source, string kind, string message)
    {
        var sandbox = Sandbox();
        var result = await sandbox.RunAsync(Compile(sandbox, source), Export("run"), default);
        result.Failure!.Kind.ToString().Should().Be(kind);
        result.Failure.Message.Should().Be(message);
    }

    [Fact]
    public async Task Callback_errors_values_and_a_missing_call_are_reported()
    {
        var sandbox = Sandbox();
        async Task<ScriptResult> Run(string body) => await sandbox.RunAsync(
            Compile(sandbox, "function (user, context, callback) { " + body + " }", ScriptShape.FunctionExpression),
            new ScriptInvocation { Arguments = scope => [scope.FromJson(new JsonObject()), scope.FromJson(new JsonObject())], Callback = true }, default);

        (await Run("callback(new Error('nope'));")).Failure!.Message.Should().Be("nope");
        var custom = await Run("class UnauthorizedError extends Error { constructor(m) { super(m); this.name = 'UnauthorizedError'; } } callback(new UnauthorizedError('go away'));");
        custom.Failure!.Error!["name"]!.GetValue<string>().Should().Be("UnauthorizedError");
        custom.Failure.Message.Should().Be("go away");
        (await Run("callback('text');")).Failure!.Message.Should().Be("text");
        (await Run("return;")).Failure!.Message.Should().Be("The script finished without calling its callback");
        (await Run("callback(null, user, context); callback(new Error('second call ignored'));")).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task An_endless_loop_stops_at_the_deadline()
    {
        var sandbox = Sandbox(o => { o.TimeoutMilliseconds = 200; o.MaxStatements = 1_000_000_000; });
        var result = await sandbox.RunAsync(Compile(sandbox, "exports.run = () => { while (true) {} };"), Export("run"), default);
        result.Failure!.Kind.Should().Be(ScriptFailureKind.Timeout);
        result.Failure.Message.Should().Be("Script execution time exceeded");

        var afterAwait = await sandbox.RunAsync(Compile(sandbox, "exports.run = async () => { await Promise.resolve(); for (;;) {} };"), Export("run"), default);
        afterAwait.Failure!.Kind.Should().Be(ScriptFailureKind.Timeout);
    }

    [Fact]
    public async Task Statement_and_memory_limits_stop_a_script()
    {
        var sandbox = Sandbox(o => { o.MaxStatements = 10_000; o.TimeoutMilliseconds = 30_000; });
        (await sandbox.RunAsync(Compile(sandbox, "exports.run = () => { let i = 0; while (true) { i++; } };"), Export("run"), default))
            .Failure!.Kind.Should().Be(ScriptFailureKind.StatementLimit);

        var small = Sandbox(o => { o.MemoryLimitBytes = 4_000_000; o.TimeoutMilliseconds = 30_000; o.MaxStatements = 1_000_000_000; });
        var eaten = await small.RunAsync(Compile(small, "exports.run = () => { const keep = []; for (let i = 0; ; i++) { keep.push(new Array(1000).fill(i)); } };"), Export("run"), default);
        eaten.Failure!.Kind.Should().Be(ScriptFailureKind.MemoryLimit);
        eaten.Failure.Message.Should().Be("Script execution exceeded the memory limit");
    }

    [Fact]
    public async Task Slots_are_bounded_and_a_waiting_execution_gives_up_as_busy()
    {
        var sandbox = Sandbox(o => { o.MaxConcurrency = 1; o.QueueTimeoutMilliseconds = 50; });
        var hold = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = Compile(sandbox, "exports.run = async (host) => await host.wait();");
        ScriptInvocation Waiting() => new()
        {
            Export = "run",
            Arguments = scope =>
            {
                var host = scope.Object();
                host.Set("wait", scope.Function("wait", _ => scope.Promise(ct => hold.Task.WaitAsync(ct))));
                return [host];
            },
        };

        var first = sandbox.RunAsync(script, Waiting(), default);
        var second = await sandbox.RunAsync(Compile(sandbox, "exports.run = () => 1;"), Export("run"), default);
        second.Failure!.Kind.Should().Be(ScriptFailureKind.Busy);
        hold.SetResult(JsonValue.Create("done"));
        (await first).Value!.GetValue<string>().Should().Be("done");
        (await sandbox.RunAsync(Compile(sandbox, "exports.run = () => 1;"), Export("run"), default)).Value!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task A_runaway_script_leaves_other_slots_working()
    {
        var sandbox = Sandbox(o => { o.MaxConcurrency = 2; o.TimeoutMilliseconds = 3_000; o.MaxStatements = 1_000_000_000; });
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runaway = Task.Run(() => sandbox.RunAsync(Compile(sandbox, "exports.run = (host) => { host.entered(); while (true) {} };"), new ScriptInvocation
        {
            Export = "run",
            Arguments = scope =>
            {
                var host = scope.Object();
                host.Set("entered", scope.Function("entered", _ => { entered.SetResult(); return JsValue.Undefined; }));
                return [host];
            },
        }, default));
        await entered.Task;

        var normal = await sandbox.RunAsync(Compile(sandbox, "exports.run = (e) => e.n * 2;"), Export("run", JsonNode.Parse("""{"n":21}""")), default);
        normal.Value!.GetValue<int>().Should().Be(42);
        runaway.IsCompleted.Should().BeFalse();
        (await runaway).Failure!.Kind.Should().Be(ScriptFailureKind.Timeout);
    }

    [Fact]
    public async Task A_cancelled_request_ends_its_script()
    {
        var sandbox = Sandbox(o => { o.TimeoutMilliseconds = 30_000; o.MaxStatements = 1_000_000_000; });
        using var cancel = new CancellationTokenSource();
        var script = Compile(sandbox, "exports.run = (host) => { host.started(); while (true) {} };");
        var result = await sandbox.RunAsync(script, new ScriptInvocation
        {
            Export = "run",
            Arguments = scope =>
            {
                var host = scope.Object();
                host.Set("started", scope.Function("started", _ => { cancel.Cancel(); return JsValue.Undefined; }));
                return [host];
            },
        }, cancel.Token);
        result.Failure!.Kind.Should().Be(ScriptFailureKind.Cancelled);
    }
}

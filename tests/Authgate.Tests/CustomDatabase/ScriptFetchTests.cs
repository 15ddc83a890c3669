using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Authgate.Scripting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.CustomDatabase;

/// <summary>
/// The sandbox's fetch against a real HTTP server on loopback: the standard response shape, the allowlist, redirects,
/// the size cap, timeouts and what a request may not carry. The server counts what reaches it.
/// </summary>
public sealed class ScriptFetchTests : IAsyncLifetime
{
    private const int TimeoutMs = 1500;
    private const int MaxBytes = 64 * 1024;

    private readonly ConcurrentQueue<string> hits = new();
    private WebApplication app = null!;
    private ScriptSandbox sandbox = null!;
    private ScriptFetch fetch = null!;
    private int port;

    private string Base => $"http://127.0.0.1:{port}/";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            hits.Enqueue(context.Request.Method + " " + context.Request.Host + context.Request.Path);
            await next(context);
        });
        app.MapGet("/json", (HttpContext context) =>
        {
            context.Response.Headers["X-Test"] = "a";
            context.Response.Headers.Append("X-Multi", new[] { "1", "2" });
            return Results.Json(new { hello = "world" });
        });
        app.MapPost("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            return Results.Json(new
            {
                method = context.Request.Method,
                contentType = context.Request.ContentType,
                custom = context.Request.Headers["X-Custom"].ToString(),
                body = await reader.ReadToEndAsync(),
            });
        });
        app.MapGet("/same-redirect", () => Results.Redirect("/json"));
        app.MapGet("/other-redirect", () => Results.Redirect($"http://localhost:{port}/json"));
        app.MapGet("/other-port", () => Results.Redirect($"http://127.0.0.1:{port + 1}/json"));
        app.MapPost("/see-other", () => Results.Redirect("/json", permanent: false, preserveMethod: false));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/big", () => Results.Text(new string('x', MaxBytes + 1)));
        app.MapGet("/not-json", () => Results.Text("<html>"));
        app.MapGet("/missing", () => Results.NotFound(new { error = "nope" }));
        app.MapGet("/slow", async (CancellationToken cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return Results.Ok();
        });
        await app.StartAsync();
        port = new Uri(app.Urls.First()).Port;

        // A cold server's first answer can take longer than the short fetch timeout on a loaded machine: warm it up.
        using (var warm = new HttpClient { BaseAddress = new Uri(Base) })
        {
            await warm.GetStringAsync("big");
            await warm.GetStringAsync("json");
        }

        var options = Options.Create(new ScriptingOptions { MaxConcurrency = 4, FetchTimeoutMilliseconds = TimeoutMs, FetchMaxResponseBytes = MaxBytes, FetchMaxRequests = 5 });
        sandbox = new ScriptSandbox(options, NullLogger<ScriptSandbox>.Instance);
        fetch = new ScriptFetch(options, NullLogger<ScriptFetch>.Instance);

        // The fetch's own first call (its HTTP client made on first use, the engine, the JIT) can also take longer than
        // the timeout on a loaded machine: one untimed round of both paths the tests time, whatever it answers.
        await RunAsync("try { await (await fetch(base + 'json')).json(); await fetch(base + 'big'); } catch (e) { } return null;", timeout: TimeSpan.FromSeconds(30));
        hits.Clear();
    }

    public async Task DisposeAsync()
    {
        fetch.Dispose();
        sandbox.Dispose();
        await app.DisposeAsync();
    }

    /// <summary>Runs <c>exports.run = async (base) => { body }</c> with fetch limited to <paramref name="hosts"/> (127.0.0.1 on the test port by default).</summary>
    private async Task<ScriptResult> RunAsync(string body, string[]? hosts = null, TimeSpan? timeout = null)
    {
        var (script, error) = sandbox.Compile($"exports.run = async (base) => {{ {body} }};", ScriptShape.Program);
        error.Should().BeNull();
        var (allowlist, _, _) = HostAllowlist.Parse(hosts ?? [$"127.0.0.1:{port}"]);
        return await sandbox.RunAsync(script!, new ScriptInvocation
        {
            Export = "run",
            Arguments = scope => [scope.FromJson(JsonValue.Create(Base))],
            Globals = scope => fetch.Define(scope, allowlist!),
            Timeout = timeout,
        }, default);
    }

    private async Task<JsonNode> ValueAsync(string body, string[]? hosts = null)
    {
        var result = await RunAsync(body, hosts);
        result.Succeeded.Should().BeTrue(result.Failure?.Message);
        return result.Value!;
    }

    /// <summary>The rejection a script sees: <c>{name, message}</c>.</summary>
    private async Task<(string Name, string Message)> RejectionAsync(string call, string[]? hosts = null)
    {
        var value = await ValueAsync($"try {{ await {call}; return null; }} catch (e) {{ return {{ name: e.name, message: e.message }}; }}", hosts);
        value.Should().NotBeNull($"{call} should have been refused");
        return (value["name"]!.GetValue<string>(), value["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_allowed_host_answers_with_the_standard_response_shape()
    {
        var value = await ValueAsync("""
            const r = await fetch(base + 'json');
            return { status: r.status, ok: r.ok, statusText: r.statusText, url: r.url, redirected: r.redirected,
                     header: r.headers.get('x-TEST'), multi: r.headers.get('x-multi'), missing: r.headers.get('nope'), has: r.headers.has('content-type'),
                     body: await r.json(), again: await r.text() };
            """);

        value["status"]!.GetValue<int>().Should().Be(200);
        value["ok"]!.GetValue<bool>().Should().BeTrue();
        value["statusText"]!.GetValue<string>().Should().Be("OK");
        value["url"]!.GetValue<string>().Should().Be(Base + "json");
        value["redirected"]!.GetValue<bool>().Should().BeFalse();
        value["header"]!.GetValue<string>().Should().Be("a");
        value["multi"]!.GetValue<string>().Should().Be("1, 2");
        value["missing"].Should().BeNull();
        value["has"]!.GetValue<bool>().Should().BeTrue();
        value["body"]!["hello"]!.GetValue<string>().Should().Be("world");
        value["again"]!.GetValue<string>().Should().Be("""{"hello":"world"}""");

        var missing = await ValueAsync("const r = await fetch(base + 'missing'); return { status: r.status, ok: r.ok, body: await r.json() };");
        missing["status"]!.GetValue<int>().Should().Be(404);
        missing["ok"]!.GetValue<bool>().Should().BeFalse();
        missing["body"]!["error"]!.GetValue<string>().Should().Be("nope");
    }

    [Fact]
    public async Task Method_headers_and_body_are_sent()
    {
        var value = await ValueAsync("""
            const r = await fetch(base + 'echo', { method: 'post', headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' }, body: JSON.stringify({ a: 1 }) });
            const plain = await fetch(base + 'echo', { method: 'POST', headers: [['x-custom', 'pairs']], body: 'hi' });
            return { json: await r.json(), plain: await plain.json() };
            """);

        value["json"]!["method"]!.GetValue<string>().Should().Be("POST");
        value["json"]!["contentType"]!.GetValue<string>().Should().Be("application/json");
        value["json"]!["custom"]!.GetValue<string>().Should().Be("yes");
        value["json"]!["body"]!.GetValue<string>().Should().Be("""{"a":1}""");
        value["plain"]!["contentType"]!.GetValue<string>().Should().Be("text/plain; charset=UTF-8", "fetch's default for a string body");
        value["plain"]!["custom"]!.GetValue<string>().Should().Be("pairs");
        value["plain"]!["body"]!.GetValue<string>().Should().Be("hi");
    }

    [Fact]
    public async Task Hosts_outside_the_allowlist_are_refused_before_any_connection()
    {
        var before = hits.Count;

        (await RejectionAsync($"fetch('http://localhost:{port}/json')")).Should().Be(("TypeError", $"fetch failed: localhost:{port} is not in this connection's allowed_hosts"));
        (await RejectionAsync($"fetch('http://127.0.0.1:{port + 1}/json')")).Message.Should().Contain("is not in this connection's allowed_hosts");
        (await RejectionAsync("fetch(base + 'json')", hosts: [])).Message.Should().Contain("is not in this connection's allowed_hosts");
        (await RejectionAsync("fetch('file:///etc/passwd')")).Message.Should().Contain("is not an absolute http or https URL");
        (await RejectionAsync("fetch('/json')")).Message.Should().Contain("is not an absolute http or https URL");
        (await RejectionAsync($"fetch('http://user:pw@127.0.0.1:{port}/json')")).Message.Should().Contain("credentials");

        hits.Count.Should().Be(before, "nothing reached the server");
    }

    [Fact]
    public async Task Redirects_are_followed_only_on_the_same_host()
    {
        var same = await ValueAsync("const r = await fetch(base + 'same-redirect'); return { status: r.status, redirected: r.redirected, url: r.url, body: await r.json() };");
        same["status"]!.GetValue<int>().Should().Be(200);
        same["redirected"]!.GetValue<bool>().Should().BeTrue();
        same["url"]!.GetValue<string>().Should().Be(Base + "json");

        var seeOther = await ValueAsync("const r = await fetch(base + 'see-other', { method: 'POST', body: 'x' }); return r.status;");
        seeOther.GetValue<int>().Should().Be(200, "a 302 after a POST continues with a GET, as Node and browsers do");

        var before = hits.Count(h => h.Contains("localhost", StringComparison.Ordinal));
        (await RejectionAsync("fetch(base + 'other-redirect')", hosts: [$"127.0.0.1:{port}", $"localhost:{port}"])).Message
            .Should().Contain($"the redirect to http://localhost:{port} was refused");
        hits.Count(h => h.Contains("localhost", StringComparison.Ordinal)).Should().Be(before, "even an allowed other host is not followed to");
        (await RejectionAsync("fetch(base + 'other-port')", hosts: [$"127.0.0.1:{port}", $"127.0.0.1:{port + 1}"])).Message.Should().Contain("was refused");
        (await RejectionAsync("fetch(base + 'loop')")).Message.Should().Contain("more than 5 redirects");
        (await RejectionAsync("fetch(base + 'same-redirect', { redirect: 'error' })")).Message.Should().Contain("redirect is 'error'");

        var manual = await ValueAsync("const r = await fetch(base + 'other-redirect', { redirect: 'manual' }); return { status: r.status, location: r.headers.get('location') };");
        manual["status"]!.GetValue<int>().Should().Be(302);
        manual["location"]!.GetValue<string>().Should().Be($"http://localhost:{port}/json");
    }

    [Fact]
    public async Task A_response_over_the_size_cap_and_a_silent_server_fail_the_call()
    {
        (await RejectionAsync("fetch(base + 'big')")).Message.Should().Be($"fetch failed: the response from 127.0.0.1 is larger than {MaxBytes} bytes");

        var started = System.Diagnostics.Stopwatch.StartNew();
        (await RejectionAsync("fetch(base + 'slow')")).Message.Should().Be($"fetch failed: no response from 127.0.0.1 within {TimeoutMs} ms");
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task The_executions_deadline_ends_a_fetch_that_would_take_longer()
    {
        var result = await RunAsync("await fetch(base + 'slow'); return 'done';", timeout: TimeSpan.FromMilliseconds(200));

        result.Failure!.Kind.Should().Be(ScriptFailureKind.Timeout);
    }

    [Theory]
    [InlineData("fetch(base + 'json', { headers: { Host: 'evil.test' } })", "header 'Host' is set by the transport")]
    [InlineData("fetch(base + 'json', { headers: { 'X-Bad': 'a\\r\\nInjected: 1' } })", "is not a valid header")]
    [InlineData("fetch(base + 'json', { body: 'x' })", "a GET or HEAD request cannot have a body")]
    [InlineData("fetch(base + 'echo', { method: 'POST', body: { a: 1 } })", "body must be a string")]
    [InlineData("fetch(base + 'json', { method: 'CONNECT' })", "is not an allowed method")]
    [InlineData("fetch(base + 'json', { redirect: 'sometimes' })", "redirect must be follow, manual or error")]
    public async Task Requests_a_script_may_not_make_are_refused(string call, string message)
    {
        var before = hits.Count;

        var (name, text) = await RejectionAsync(call);

        name.Should().Be("TypeError");
        text.Should().Contain(message);
        hits.Count.Should().Be(before);
    }

    [Fact]
    public async Task Json_of_a_body_that_is_not_json_rejects_with_a_syntax_error()
    {
        var (name, _) = await RejectionAsync("fetch(base + 'not-json').then(r => r.json())");
        name.Should().Be("SyntaxError");
    }

    [Fact]
    public async Task An_execution_may_make_a_bounded_number_of_requests()
    {
        var value = await ValueAsync("""
            const statuses = [];
            for (let i = 0; i < 6; i++) {
              try { statuses.push((await fetch(base + 'json')).status); } catch (e) { statuses.push(e.message); }
            }
            return statuses;
            """);

        value.AsArray().Take(5).Select(s => s!.GetValue<int>()).Should().AllBeEquivalentTo(200);
        value[5]!.GetValue<string>().Should().Be("fetch failed: a script may make at most 5 requests");
    }
}

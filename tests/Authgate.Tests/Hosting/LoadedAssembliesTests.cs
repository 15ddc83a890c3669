using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Hosting;

/// <summary>
/// What a node loads is resident memory on every node (issue 14's RSS target): the script engine, the PostgreSQL
/// driver and the page framework load when something uses them, not because a start or a token request named them;
/// EF's query pipeline (of which <c>System.Linq.Queryable</c> is the assembly we can see) and the expression compiler
/// load with the first admin request, not with token requests or the work every node does in the background.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LoadedAssembliesTests
{
    private static readonly string[] LoadedOnlyWhenUsed =
    [
        "Jint.dll", "Acornima.dll", "Npgsql.dll", "Npgsql.EntityFrameworkCore.PostgreSQL.dll",
        "Microsoft.AspNetCore.Mvc.Core.dll", "Microsoft.AspNetCore.Mvc.RazorPages.dll", "Microsoft.AspNetCore.Razor.Runtime.dll",
        "System.Net.Http.dll", "Microsoft.Extensions.Http.dll",
    ];

    /// <summary>Loaded by the first EF query (LINQ or compiled).</summary>
    private const string QueryPipeline = "System.Linq.Queryable.dll";

    /// <summary>
    /// The expression compiler, which a method loads as soon as it is compiled if it builds an expression tree anywhere,
    /// even on a branch that never runs (an EF query's lambda); the test runs the JIT-compiled build, so every method
    /// the token requests call is compiled whole.
    /// </summary>
    private const string ExpressionCompiler = "System.Linq.Expressions.dll";

    /// <summary>Loaded when the first EF context is made (its options name the provider).</summary>
    private const string EfProvider = "Microsoft.EntityFrameworkCore.Sqlite.dll";

    private static HashSet<string> Loaded(int pid) =>
        File.ReadLines($"/proc/{pid}/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 5 && fields[5].EndsWith(".dll", StringComparison.Ordinal))
            .Select(fields => Path.GetFileName(fields[5])).ToHashSet(StringComparer.Ordinal);

    [SqliteFact]
    public async Task A_sqlite_node_serving_tokens_and_the_management_api_loads_no_script_engine_no_postgres_driver_no_page_framework()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-process-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        // The first start seeds the demo tenant through the admin services (EF); a node is measured as it usually runs,
        // started on its existing database.
        await using (var seeding = ServerProcess.Start(directory))
        {
            await seeding.WaitUntilListeningAsync();
        }

        await using var server = ServerProcess.Start(directory);
        await server.WaitUntilListeningAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);

        var data = Path.Combine(directory, "data");
        var demo = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "demo-credentials.json"))).RootElement;
        var login = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = demo.GetProperty("username").GetString()!,
            ["password"] = demo.GetProperty("password").GetString()!,
            ["audience"] = demo.GetProperty("audience").GetString()!,
            ["scope"] = "openid offline_access read:sample",
            ["client_id"] = demo.GetProperty("client_id").GetString()!,
            ["client_secret"] = demo.GetProperty("client_secret").GetString()!,
        };
        var tokens = await (await http.PostFormAsync(login)).ShouldSucceedAsync();
        (await http.PostFormAsync(new Dictionary<string, string>(login) { ["password"] = "not the password" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        if (tokens.TryGetProperty("refresh_token", out var refresh))
        {
            await (await http.PostFormAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refresh.GetString()!,
                ["client_id"] = login["client_id"],
                ["client_secret"] = login["client_secret"],
            })).ShouldSucceedAsync();
        }

        using (var userinfo = new HttpRequestMessage(HttpMethod.Get, "/userinfo"))
        {
            userinfo.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
            (await http.SendAsync(userinfo)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await http.GetAsync("/.well-known/jwks.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/.well-known/openid-configuration")).StatusCode.Should().Be(HttpStatusCode.OK);
        Loaded(server.Id).Should().NotContain(QueryPipeline, "token requests run no EF query").And.NotContain(EfProvider, "nor make an EF context")
            .And.NotContain(ExpressionCompiler, "rows are read with code generated from the model, and no method on the token path builds an expression tree");

        var bootstrap = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "bootstrap-credentials.json"))).RootElement;
        var management = await Infrastructure.Management.TokenAsync(http, clientId: bootstrap.GetProperty("client_id").GetString()!,
            secret: bootstrap.GetProperty("client_secret").GetString()!, issuer: server.BaseUrl);
        using (var clients = new HttpRequestMessage(HttpMethod.Get, "/api/v2/clients?fields=client_id&include_totals=true"))
        {
            clients.Headers.Authorization = new("Bearer", management);
            (await http.SendAsync(clients)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        Loaded(server.Id).Intersect(LoadedOnlyWhenUsed).Should().BeEmpty();
        Loaded(server.Id).Should().Contain(QueryPipeline, "the Management API's list is an EF query").And.Contain(EfProvider);

        // The same look sees a load: the first dashboard page brings the page framework in.
        (await http.GetAsync("/admin/sign-in")).StatusCode.Should().Be(HttpStatusCode.OK);
        Loaded(server.Id).Should().Contain("Microsoft.AspNetCore.Mvc.RazorPages.dll");
    }
}

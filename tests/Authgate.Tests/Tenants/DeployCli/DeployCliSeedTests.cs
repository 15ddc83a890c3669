using System.Text.Json.Nodes;
using Authgate.Cli;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using ManagementApi = Authgate.Tests.Infrastructure.Management;

namespace Authgate.Tests.Tenants.DeployCli;

/// <summary>
/// A tenant exported from Auth0 with the Deploy CLI, seeded with <c>--seed</c> (YAML and directory formats): its
/// application logs a user in. And <c>authgate export --format deploy-cli</c> imports back to the same tenant.
/// </summary>
public sealed class DeployCliSeedTests
{
    private const string ShopApi = "https://api.shop.example.test/";

    [Theory]
    [MemberData(nameof(DeployCliExports.Formats), MemberType = typeof(DeployCliExports))]
    public async Task A_seeded_deploy_cli_export_lets_its_application_log_a_user_in(string format)
    {
        using var factory = new AuthgateFactory(tenant: null, new Dictionary<string, string?>
        {
            ["Authgate:SeedFile"] = DeployCliExports.PathOf(format),
            ["Authgate:SeedKeywordsFile"] = DeployCliExports.Config,
        });
        var http = factory.CreateClient();
        var management = new ManagementApi(http);

        var tenant = await management.GetAsync("tenants/settings");
        tenant["friendly_name"]!.GetValue<string>().Should().Be("Shop (staging)");
        tenant["default_audience"]?.GetValue<string>().Should().BeNullOrEmpty("default_audience: '' is unset");
        tenant["session_lifetime"]!.GetValue<double>().Should().Be(168);
        var throttling = await management.GetAsync("attack-protection/suspicious-ip-throttling");
        throttling["stage"]!["pre-user-registration"]!["rate"]!.GetValue<int>().Should().Be(1200, "the export's setting, not Auth0's default");
        await ManagementApi.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, "attack-protection/bot-detection"),
            System.Net.HttpStatusCode.Forbidden, "insufficient_scope", "Bot Detection is not available on this tenant.");

        // Users are not part of a Deploy CLI export: they arrive through the Management API (or a bulk import).
        await management.PostAsync("users", new { connection = "Shop-Users", email = "ada@shop.example.test", password = "Analytical-Engine-1843" });
        var clients = (await management.GetAsync("clients")).AsArray();
        var web = clients.Single(c => c!["name"]!.GetValue<string>() == "Shop Web")!;
        var json = await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm",
            ["realm"] = "Shop-Users",
            ["username"] = "ada@shop.example.test",
            ["password"] = "Analytical-Engine-1843",
            ["audience"] = ShopApi,
            ["scope"] = "openid read:orders",
            ["client_id"] = web["client_id"]!.GetValue<string>(),
            ["client_secret"] = web["client_secret"]!.GetValue<string>(),
        })).ShouldSucceedAsync();

        Protocol.Decode(json.GetProperty("access_token").GetString()!).Audiences.Should().Contain(ShopApi);
        Protocol.Scopes(json).Should().Contain("read:orders");

        var service = clients.Single(c => c!["name"]!.GetValue<string>() == "Inventory Service")!;
        var m2m = await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["audience"] = ShopApi,
            ["client_id"] = service["client_id"]!.GetValue<string>(),
            ["client_secret"] = service["client_secret"]!.GetValue<string>(),
        })).ShouldSucceedAsync();
        Protocol.Scopes(m2m).Should().Equal("read:orders");
    }

    [Fact]
    public async Task Export_in_deploy_cli_format_imports_back_to_the_same_tenant_in_both_layouts()
    {
        var source = DeployCliExports.NewDirectory();
        (await RunAsync(source, "init", "--seed", DeployCliExports.PathOf("yaml"), "--keywords", DeployCliExports.Config)).Exit.Should().Be(0);
        var before = await TenantAsync(source);
        var yaml = Path.Combine(source, "out", "tenant.yaml");
        var directory = Path.Combine(source, "out-directory");
        (await RunAsync(source, "export", "--format", "deploy-cli", "--out", yaml)).Output.Should().Contain($"Tenant written to {yaml} (Auth0 Deploy CLI YAML format).");
        (await RunAsync(source, "export", "--format", "deploy-cli", "--out", directory)).Output.Should().Contain($"Tenant written to {directory} (Auth0 Deploy CLI directory format).");
        File.ReadAllText(yaml).Should().NotContain(before.Clients.Single(c => c["name"]!.GetValue<string>() == "Shop Web")["client_secret"]!.GetValue<string>());

        foreach (var export in new[] { yaml, directory })
        {
            var target = DeployCliExports.NewDirectory();
            var import = await RunAsync(target, "import", export);
            import.Exit.Should().Be(0, import.Output);
            import.Output.Should().Contain("Tenant imported.").And.Contain("Generated client_secret for client \"Shop Web\"")
                .And.Contain("Generated signing_secret for API \"Partner Webhooks\"", "the export holds a keyword, not the secret");
            DeployCliImportTests.Portable(await TenantAsync(target)).Should().Be(DeployCliImportTests.Portable(before), export);
        }
    }

    [Theory]
    [InlineData("clients:\n  - name: Web\n    app_type: spa\n    grant_types: [teleport]\n", "clients[0]: Payload validation error: 'Invalid grant type: teleport' on property grant_types.")]
    [InlineData("resourceServers:\n  - name: A\n    identifier: https://a.test/\n    token_lifetime: soon\n", "resourceServers[0]: Payload validation error: 'Expected type integer but found type string' on property token_lifetime")]
    [InlineData("attackProtection:\n  bruteForceProtection:\n    max_attempts: 0\n", "attackProtection.bruteForceProtection: Payload validation error:")]
    public async Task A_deploy_cli_export_the_api_would_refuse_stops_the_seed_with_the_apis_message(string yaml, string expected)
    {
        // The same services as the Management API and JSON tenant files (nothing written: see SeedFileTests).
        var run = await RunAsync(DeployCliExports.NewDirectory(), "init", "--seed", DeployCliExports.WriteYaml(yaml));

        run.Exit.Should().Be(2);
        run.Output.Should().Contain(expected);
    }

    /// <summary>The tenant as Authgate's own JSON export (with secrets), without the management application the server makes.</summary>
    private static async Task<TenantDocument> TenantAsync(string directory)
    {
        var file = Path.Combine(directory, "tenant.json");
        (await RunAsync(directory, "export", "--out", file)).Exit.Should().Be(0);
        var tenant = TenantDocument.Load(file);
        bool IsManagementApp(JsonObject o) => o["client_id"]?.GetValue<string>() == AuthgateFactory.ManagementClientId;
        return tenant with { Clients = tenant.Clients.Where(c => !IsManagementApp(c)).ToList(), ClientGrants = tenant.ClientGrants.Where(g => !IsManagementApp(g)).ToList() };
    }

    private static async Task<(int Exit, string Output)> RunAsync(string directory, params string[] args)
    {
        // One writer for both streams: a failure's message is part of what the test sees.
        var output = new StringWriter();
        var exit = await AdminCli.RunAsync(
            [.. args, $"--Authgate:DataDirectory={directory}", .. TestDatabase.Settings(directory).Select(s => $"--{s.Key}={s.Value}")], output, output);
        SqliteConnection.ClearAllPools();
        return (exit, output.ToString());
    }
}

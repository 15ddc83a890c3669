using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Cli;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.CustomDatabase;

/// <summary>
/// Custom database connections made through the Management API and the CLI: every script compiled at write time (line
/// and column of a syntax error), the 100 KB limit, no npm modules, the allowlist checked, the configuration encrypted
/// and never returned.
/// </summary>
public sealed class CustomDatabaseAdminTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private Infrastructure.Management Management => new(http);

    private Task<HttpResponseMessage> LoginAsync(string realm, string username, string password)
    {
        var form = Protocol.PasswordGrant(username: username, password: password);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = realm;
        return http.PostFormAsync(form);
    }

    /// <remarks>Configuration keys as a dictionary: the test client's JSON defaults would camel-case an anonymous type's names.</remarks>
    private static object TableOptions(Dictionary<string, string>? configuration = null) => new
    {
        enabledDatabaseCustomization = true,
        customScripts = new { login = LegacyScripts.TableLogin },
        configuration = configuration ?? new Dictionary<string, string> { ["TABLE_SECRET"] = Secret },
    };

    private const string Secret = "s3cret-table-value";

    [Fact]
    public async Task The_configuration_is_encrypted_never_returned_and_kept_by_a_patch_that_leaves_it_out()
    {
        var created = await Management.PostAsync("connections", new { name = "api-table", strategy = "auth0", enabled_clients = new[] { TestTenant.WebClientId }, options = TableOptions() });

        var id = created["id"]!.GetValue<string>();
        created["options"]!["enabledDatabaseCustomization"]!.GetValue<bool>().Should().BeTrue();
        created["options"]!["customScripts"]!["login"]!.GetValue<string>().Should().Be(LegacyScripts.TableLogin);
        created["options"]!.AsObject().ContainsKey("configuration").Should().BeFalse();
        (await Management.GetAsync("connections/" + id)).ToJsonString().Should().NotContain(Secret);
        (await Management.GetAsync("connections?strategy=auth0")).ToJsonString().Should().NotContain(Secret).And.Contain("api-table");
        var stored = await factory.WithDbAsync(db => db.Connections.FirstAsync(c => c.Id == id));
        stored.OptionsJson.Should().NotContain(Secret);
        stored.SecretProtected.Should().NotBeNullOrEmpty().And.NotContain(Secret);
        await (await LoginAsync("api-table", "ann@legacy.test", "ann-legacy-password")).ShouldSucceedAsync();

        // Auth0 replaces options on PATCH; one without configuration keeps the stored values.
        var options = JsonSerializer.SerializeToNode(TableOptions())!.AsObject();
        options.Remove("configuration");
        options["import_mode"] = true;
        var patched = await Management.PatchAsync("connections/" + id, new { options });
        patched["options"]!["import_mode"]!.GetValue<bool>().Should().BeTrue();
        await (await LoginAsync("api-table", "ben@legacy.test", "ben-legacy-password")).ShouldSucceedAsync();

        // configuration: null removes it, and the script (which needs it) then fails its logins.
        options["configuration"] = null;
        await Management.PatchAsync("connections/" + id, new { options });
        (await factory.WithDbAsync(db => db.Connections.FirstAsync(c => c.Id == id))).SecretProtected.Should().BeNull();
        await (await LoginAsync("api-table", "dan@legacy.test", "dan-legacy-password")).ShouldBeErrorAsync(HttpStatusCode.ServiceUnavailable, "temporarily_unavailable");
    }

    [Theory]
    [InlineData("function login(email, password, callback) {\n  var profile = ;\n}", "'syntax error at line 2, column 17: Unexpected token ';'' on property options.customScripts.login.")]
    [InlineData("var login = 1;", "'The code must be a single function, such as function (user, context, callback) { … } or function login(email, password, callback) { … }' on property options.customScripts.login.")]
    [InlineData("function login(email, password, callback) { const bcrypt = require('bcrypt'); }", "'requires the npm module 'bcrypt', which Authgate cannot load (scripts reach other systems with the global fetch)' on property options.customScripts.login.")]
    public async Task A_script_that_cannot_run_is_refused_at_write_time_naming_where(string login, string message)
    {
        var response = await Management.SendAsync(HttpMethod.Post, "connections", new
        {
            name = "bad-script",
            strategy = "auth0",
            options = new { enabledDatabaseCustomization = true, customScripts = new { login } },
        });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body", message);
        (await factory.WithDbAsync(db => db.Connections.AnyAsync(c => c.Name == "bad-script"))).Should().BeFalse();
    }

    [Fact]
    public async Task Every_invalid_field_is_named_at_once()
    {
        var tooLarge = "function login(email, password, callback) {\n" + new string(' ', 100 * 1024) + "callback(null);\n}";
        var response = await Management.SendAsync(HttpMethod.Post, "connections", new
        {
            name = "bad-options",
            strategy = "auth0",
            options = new
            {
                enabledDatabaseCustomization = "yes",
                import_mode = 1,
                customScripts = new { get_user = tooLarge, create = 5 },
                allowed_hosts = new[] { "*.example.com" },
                configuration = new { ok = "fine", bad = 3 },
            },
        });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body");
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
        // The schema's type errors and the script checks together, in Auth0's validator wording.
        message.Should().Contain("'Expected type boolean but found type string' on property options.enabledDatabaseCustomization.")
            .And.Contain("'Expected type boolean but found type integer' on property options.import_mode.")
            .And.Contain("'Expected type string but found type integer' on property options.customScripts.create.")
            .And.Contain("'Expected type string,null but found type integer' on property options.configuration.bad.")
            .And.Contain("'is 102461 bytes; a script may have at most 102400 bytes (100 KB)' on property options.customScripts.get_user.")
            .And.Contain("''*.example.com' wildcards are not supported: list each host exactly' on property options.allowed_hosts[0].");

        var noLogin = await Management.SendAsync(HttpMethod.Post, "connections", new { name = "no-login", strategy = "auth0", options = new { enabledDatabaseCustomization = true, customScripts = new { get_user = "function getByEmail(email, callback) { callback(null); }" } } });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(noLogin, HttpStatusCode.BadRequest, "invalid_body", "'required when enabledDatabaseCustomization is true' on property options.customScripts.login.");

        // The same checks on update: the stored connection is left as it was.
        var created = await Management.PostAsync("connections", new { name = "good-table", strategy = "auth0", options = TableOptions() });
        var patch = await Management.SendAsync(HttpMethod.Patch, "connections/" + created["id"]!.GetValue<string>(), new
        {
            options = new { enabledDatabaseCustomization = true, customScripts = new { login = "function login( {" } },
        });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(patch, HttpStatusCode.BadRequest, "invalid_body", "'syntax error at line 1, column ");
        (await Management.GetAsync("connections/" + created["id"]!.GetValue<string>()))["options"]!["customScripts"]!["login"]!.GetValue<string>()
            .Should().Be(LegacyScripts.TableLogin);
    }

    [Fact]
    public async Task The_cli_creates_a_custom_database_connection_from_script_files()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            async Task<(int Exit, string Output)> RunAsync(params string[] args)
            {
                var output = new StringWriter();
                var exit = await AdminCli.RunAsync([.. args, $"--Authgate:DataDirectory={directory}", .. TestDatabase.Settings(directory).Select(s => $"--{s.Key}={s.Value}")], output);
                SqliteConnection.ClearAllPools();
                return (exit, output.ToString());
            }

            var login = Path.Combine(directory, "login.js");
            await File.WriteAllTextAsync(login, LegacyScripts.TableLogin);
            var broken = Path.Combine(directory, "broken.js");
            await File.WriteAllTextAsync(broken, "function login(email, password, callback) {\n  return callback(null, {;\n}");
            (await RunAsync("init", "--seed", Path.Combine(RepositoryPaths.Root, "samples", "tenant.json"))).Exit.Should().Be(0);

            var refused = await RunAsync("connections", "create", "--name", "cli-table", "--script", $"login={broken}");
            refused.Exit.Should().Be(2);
            var created = await RunAsync("connections", "create", "--name", "cli-table", "--enable", "exampleWebAppClientId0001",
                "--script", $"login={login}", "--options", """{"configuration":{"TABLE_SECRET":"s3cret-table-value"}}""");
            created.Exit.Should().Be(0, created.Output);
            (await RunAsync("connections", "list")).Output.Should().Contain("cli-table  auth0");

            using var server = new AuthgateFactory(tenant: null, dataDirectory: directory);
            var client = server.CreateClient();
            var form = Protocol.PasswordGrant(username: "ann", password: "ann-legacy-password", clientId: "exampleWebAppClientId0001",
                clientSecret: "example-web-app-secret-change-me-0123456789", audience: "https://api.example.test/", scope: "openid");
            form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
            form["realm"] = "cli-table";
            var json = await (await client.PostFormAsync(form)).ShouldSucceedAsync();
            Protocol.Decode(json.GetProperty("id_token").GetString()!).Subject.Should().Be("auth0|1001");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Export_writes_the_configuration_back_so_an_import_restores_it()
    {
        var created = await Management.PostAsync("connections", new { name = "exported-table", strategy = "auth0", options = TableOptions(new Dictionary<string, string> { ["TABLE_SECRET"] = Secret, ["OTHER"] = "x" }) });
        using var scope = factory.Services.CreateScope();
        var document = await scope.ServiceProvider.GetRequiredService<Authgate.Tenants.TenantExporter>().ExportAsync(default);

        var options = document.Connections.Single(c => c["name"]!.GetValue<string>() == "exported-table")["options"]!;
        options["configuration"]!["TABLE_SECRET"]!.GetValue<string>().Should().Be(Secret);
        options["configuration"]!["OTHER"]!.GetValue<string>().Should().Be("x");
    }
}

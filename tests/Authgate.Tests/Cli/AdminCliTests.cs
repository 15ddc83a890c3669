using System.Text.Json;
using Authgate.Cli;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Authgate.Tests.Cli;

/// <summary>The operator CLI on a real database: create, list, export, import into a fresh database, then log in there.</summary>
public sealed class AdminCliTests
{
    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string directory, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await AdminCli.RunAsync(
            [.. args, $"--Authgate:DataDirectory={directory}", .. TestDatabase.Settings(directory).Select(s => $"--{s.Key}={s.Value}")], output, errors);
        SqliteConnection.ClearAllPools();
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Create_list_export_and_import_round_trip_to_a_working_tenant()
    {
        var source = NewDirectory();
        (await RunAsync(source, "init", "--seed", Path.Combine(RepositoryPaths.Root, "samples", "tenant.json"))).Exit.Should().Be(0);
        var app = await RunAsync(source, "apps", "create", "--name", "CLI App", "--grant", "password", "--grant", "http://auth0.com/oauth/grant-type/password-realm", "--callback", "https://cli.test/cb");
        app.Exit.Should().Be(0);
        var clientId = app.Output.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var secret = app.Output.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Trim();
        (await RunAsync(source, "connections", "create", "--name", "cli-users", "--enable", clientId, "--password-policy", "low")).Exit.Should().Be(0);
        (await RunAsync(source, "users", "create", "--connection", "cli-users", "--email", "cli@example.test", "--password", "cli-pass")).Exit.Should().Be(0);
        (await RunAsync(source, "apis", "create", "--identifier", "https://cli-api.test/", "--scope", "read:cli", "--offline-access")).Exit.Should().Be(0);
        (await RunAsync(source, "apps", "list")).Output.Should().Contain("CLI App").And.Contain("exampleWebAppClientId0001");
        (await RunAsync(source, "users", "list")).Output.Should().Contain("cli@example.test").And.Contain("jane@example.test");
        (await RunAsync(source, "keys", "rotate")).Output.Should().Contain("Current signing key");
        var exported = Path.Combine(source, "export.json");
        (await RunAsync(source, "export", "--out", exported)).Exit.Should().Be(0);
        var file = JsonDocument.Parse(await File.ReadAllTextAsync(exported)).RootElement;
        file.GetProperty("users").EnumerateArray().Should().OnlyContain(u => u.GetProperty("password_hash").GetString()!.StartsWith("$argon2id$", StringComparison.Ordinal));
        file.GetProperty("clientGrants").EnumerateArray().Should().NotBeEmpty("the management application's grant is exported");

        var target = NewDirectory();
        (await RunAsync(target, "import", exported)).Output.Should().Contain("Tenant imported.");
        (await RunAsync(target, "import", exported)).Exit.Should().Be(1, "import needs an empty database");

        using var factory = new AuthgateFactory(tenant: null, dataDirectory: target);
        var http = factory.CreateClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm",
            ["realm"] = "cli-users",
            ["username"] = "cli@example.test",
            ["password"] = "cli-pass",
            ["audience"] = "https://cli-api.test/",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        };
        var json = await (await http.PostFormAsync(form)).ShouldSucceedAsync();
        Protocol.Scopes(json).Should().Equal("read:cli");
        await (await http.PostFormAsync(Protocol.PasswordGrant(username: "jane", password: "correct horse battery staple 42", clientId: "exampleWebAppClientId0001",
            clientSecret: "example-web-app-secret-change-me-0123456789", audience: "https://api.example.test/"))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Bad_input_gives_a_clear_message_and_a_non_zero_exit()
    {
        var directory = NewDirectory();

        (await RunAsync(directory, "users", "create", "--connection", "nope", "--email", "a@b.test", "--password", "x")).Exit.Should().NotBe(0);
        var bad = await RunAsync(directory, "apps", "create", "--name", "Web", "--type", "desktop");
        bad.Exit.Should().Be(2, "the app type is not one of Auth0's");
        bad.Error.Should().Contain("Payload validation error: 'Invalid property \"desktop\"' on property app_type");
        var cleared = await RunAsync(directory, "tenant", "set", "--default-audience", "");
        cleared.Exit.Should().Be(0);
        cleared.Output.Should().Contain("\"default_audience\": \"\"");
        (await RunAsync(directory, "apps", "frobnicate")).Exit.Should().NotBe(0);
    }
}

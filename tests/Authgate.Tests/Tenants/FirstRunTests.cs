using System.Text.Json;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Tenants;

/// <summary>The server as a newcomer starts it: a real process, no configuration beyond a data directory.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FirstRunTests
{
    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-process-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    [SqliteFact]
    public async Task First_start_in_production_creates_a_demo_tenant_with_its_secrets_in_owner_only_files_not_on_stdout()
    {
        var directory = NewDirectory();
        await using var server = ServerProcess.Start(directory);
        await server.WaitUntilListeningAsync();
        await (await new HttpClient { BaseAddress = new Uri(server.BaseUrl) }.GetAsync("/healthz")).Content.ReadAsStringAsync();

        var data = Path.Combine(directory, "data");
        var credentialsFile = Path.Combine(data, "demo-credentials.json");
        var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(credentialsFile)).RootElement;
        var clientId = credentials.GetProperty("client_id").GetString()!;
        var password = credentials.GetProperty("password").GetString()!;
        var clientSecret = credentials.GetProperty("client_secret").GetString()!;
        var bootstrapFile = Path.Combine(data, "bootstrap-credentials.json");
        var bootstrap = JsonDocument.Parse(await File.ReadAllTextAsync(bootstrapFile)).RootElement;
        var managementSecret = bootstrap.GetProperty("client_secret").GetString()!;

        server.Output.Should().Contain(clientId).And.Contain(credentialsFile).And.Contain("curl --request POST").And.Contain(bootstrapFile)
            .And.NotContain(password).And.NotContain(clientSecret).And.NotContain(managementSecret);
        File.GetUnixFileMode(data).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var file in new[] { "authgate.db", "authgate.db-wal", "authgate.db-shm", "encryption.key", "demo-credentials.json", "bootstrap-credentials.json" })
        {
            var path = Path.Combine(data, file);
            if (File.Exists(path))
            {
                File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
            }
            else
            {
                file.Should().EndWith("-shm", "only SQLite's shared-memory file may come and go");
            }
        }

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var json = await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = credentials.GetProperty("username").GetString()!,
            ["password"] = password,
            ["audience"] = credentials.GetProperty("audience").GetString()!,
            ["scope"] = "read:sample",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        })).ShouldSucceedAsync();
        Protocol.Scopes(json).Should().Equal("read:sample");
        Protocol.Decode(json.GetProperty("access_token").GetString()!).Issuer.Should().Be(server.BaseUrl);
        await Infrastructure.Management.TokenAsync(http, clientId: bootstrap.GetProperty("client_id").GetString()!, secret: managementSecret, issuer: server.BaseUrl);
    }

    [SqliteFact]
    public async Task In_development_the_demo_credentials_are_printed_for_copy_and_paste()
    {
        var directory = NewDirectory();
        await using var server = ServerProcess.StartIn("Development", directory);
        await server.WaitUntilListeningAsync();
        await (await new HttpClient { BaseAddress = new Uri(server.BaseUrl) }.GetAsync("/healthz")).Content.ReadAsStringAsync();

        var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "data", "demo-credentials.json"))).RootElement;
        server.Output.Should().Contain(credentials.GetProperty("password").GetString()!).And.Contain(credentials.GetProperty("client_secret").GetString()!)
            .And.Contain("Management application created: client_id").And.Contain("client_secret ");
        File.Exists(Path.Combine(directory, "data", "bootstrap-credentials.json")).Should().BeFalse("printed, not written");
    }

    [SqliteFact]
    public async Task A_data_directory_others_can_read_is_reported_at_start()
    {
        var directory = NewDirectory();
        var data = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8));
        await using var server = ServerProcess.Start(directory);
        await server.WaitUntilListeningAsync();

        server.Output.Should().Contain("Warning: readable by other users").And.Contain(data);
    }

    [SqliteFact]
    public async Task Seed_option_creates_the_tenant_from_a_file()
    {
        var directory = NewDirectory();
        await using var server = ServerProcess.Start(directory, "--seed", Path.Combine(RepositoryPaths.Root, "samples", "tenant.json"));
        await server.WaitUntilListeningAsync();

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm",
            ["realm"] = "Username-Password-Authentication",
            ["username"] = "jane@example.test",
            ["password"] = "correct horse battery staple 42",
            ["client_id"] = "exampleWebAppClientId0001",
            ["client_secret"] = "example-web-app-secret-change-me-0123456789",
        })).ShouldSucceedAsync();
        File.Exists(Path.Combine(directory, "data", "demo-credentials.json")).Should().BeFalse();
    }

    [SqliteFact]
    public async Task A_bad_seed_file_stops_the_server_with_one_clear_line()
    {
        var directory = NewDirectory();
        var seed = Path.Combine(directory, "bad.json");
        await File.WriteAllTextAsync(seed, """{"clients":[{"name":"Web","app_type":"regular_web","callbacks":"https://app.test/cb"}]}""");
        await using var server = ServerProcess.Start(directory, "--seed", seed);

        (await server.WaitForExitAsync()).Should().NotBe(0);
        server.Output.Should().Contain("clients[0]: Payload validation error: 'Expected type array but found type string' on property callbacks").And.NotContain("   at ");
        // The first signing keys are made while the seed is applied, and stored only after it: nothing is left behind.
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "data", "authgate.db")};Mode=ReadOnly;Pooling=false");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM tenant_settings) + (SELECT COUNT(*) FROM signing_keys)";
        (await count.ExecuteScalarAsync()).Should().Be(0L);
    }

    [SqliteFact]
    public async Task Https_works_through_kestrel_certificate_settings_with_pem_files()
    {
        var directory = NewDirectory();
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", rsa,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(directory, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());
        }

        await using var server = ServerProcess.Start(directory,
            "--urls", "https://127.0.0.1:0",
            "--Kestrel:Certificates:Default:Path", Path.Combine(directory, "cert.pem"),
            "--Kestrel:Certificates:Default:KeyPath", Path.Combine(directory, "key.pem"));
        await server.WaitUntilListeningAsync(scheme: "https");

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Subject == "CN=127.0.0.1" };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(server.BaseUrl) };
        var discovery = JsonDocument.Parse(await http.GetStringAsync(".well-known/openid-configuration")).RootElement;

        server.BaseUrl.Should().StartWith("https://127.0.0.1:");
        discovery.GetProperty("issuer").GetString().Should().Be(server.BaseUrl);
        using var response = await http.GetAsync(".well-known/jwks.json");
        response.Headers.GetValues("Strict-Transport-Security").Should().Equal("max-age=31536000");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Theory]
    [InlineData("--Authgate:PasswordHashing:Iterations=0", "Iterations")]
    [InlineData("--Authgate:MaxRequestBodyBytes=10", "MaxRequestBodyBytes")]
    [InlineData("--Authgate:Observability:MetricsPort=70000", "MetricsPort")]
    [InlineData("--Authgate:Delivery:Smtp:Port=0", "Smtp.Port")]
    [InlineData("--Authgate:Delivery:Smtp:Security=ssl", "Smtp.Security")]
    public async Task A_setting_out_of_its_range_stops_the_server_with_one_clear_line(string setting, string named)
    {
        await using var server = ServerProcess.Start(NewDirectory(), setting);

        await StopsWithOneClearLineAsync(server, "Authgate could not start", named);
    }

    [Fact]
    public async Task A_setting_out_of_its_range_stops_a_restart_on_an_existing_database_with_one_clear_line()
    {
        var directory = NewDirectory();
        await using (var first = ServerProcess.Start(directory))
        {
            await first.WaitUntilListeningAsync();
        }

        // On an existing database no seed hashes a password: the hashing settings are first read after the start-up work.
        await using var server = ServerProcess.Start(directory, "--Authgate:PasswordHashing:Iterations=0");

        await StopsWithOneClearLineAsync(server, "Authgate could not start: Iterations");
    }

    [Theory]
    [InlineData("--Authgate:Database:Provider=postgres", "--ConnectionStrings:Authgate=Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2", "could not start")]
    [InlineData("--Authgate:Database:Provider=postgres", "--ConnectionStrings:Authgate=Hots=oops;;=", "not a valid PostgreSQL connection string")]
    [InlineData("--Authgate:Database:Provider=postgres", "--ConnectionStrings:Authgate=Host=127.0.0.1;Port=1;Username=x;Database=x;Maximum Pool Size=2", "Maximum Pool Size is 2; Authgate needs at least 3")]
    [InlineData("--Authgate:Database:Provider=mysql", "--Authgate:Demo=false", "must be 'sqlite' or 'postgres'")]
    public async Task An_unusable_database_stops_the_server_with_one_clear_line(string provider, string connection, string expected)
    {
        await using var server = ServerProcess.Start(NewDirectory(), provider, connection);

        await StopsWithOneClearLineAsync(server, expected);
    }

    /// <summary>The server exits with a failure, its output holds each of <paramref name="expected"/> and no stack trace.</summary>
    private static async Task StopsWithOneClearLineAsync(ServerProcess server, params string[] expected)
    {
        (await server.WaitForExitAsync()).Should().NotBe(0);
        foreach (var text in expected)
        {
            server.Output.Should().Contain(text);
        }

        server.Output.Should().NotContain("   at ");
    }
}

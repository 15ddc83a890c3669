using System.Text.Json;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Tenants;

/// <summary>The server as a newcomer starts it: a real process, no configuration beyond a data directory.</summary>
public sealed class FirstRunTests
{
    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-process-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    [SqliteFact]
    public async Task First_start_creates_a_demo_tenant_prints_its_credentials_and_they_work()
    {
        var directory = NewDirectory();
        await using var server = ServerProcess.Start(directory);
        await server.WaitUntilListeningAsync();
        await Task.Delay(200);

        var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "data", "demo-credentials.json"))).RootElement;
        var clientId = credentials.GetProperty("client_id").GetString()!;
        var password = credentials.GetProperty("password").GetString()!;
        server.Output.Should().Contain(clientId).And.Contain(password).And.Contain("curl --request POST")
            .And.Contain("Management application created: client_id");
        File.Exists(Path.Combine(directory, "data", "authgate.db")).Should().BeTrue();

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var json = await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = credentials.GetProperty("username").GetString()!,
            ["password"] = password,
            ["audience"] = credentials.GetProperty("audience").GetString()!,
            ["scope"] = "read:sample",
            ["client_id"] = clientId,
            ["client_secret"] = credentials.GetProperty("client_secret").GetString()!,
        })).ShouldSucceedAsync();

        Protocol.Scopes(json).Should().Equal("read:sample");
        Protocol.Decode(json.GetProperty("access_token").GetString()!).Issuer.Should().Be(server.BaseUrl);
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
    }

    [Theory]
    [InlineData("--Authgate:Database:Provider=postgres", "--ConnectionStrings:Authgate=Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2", "could not start")]
    [InlineData("--Authgate:Database:Provider=postgres", "--ConnectionStrings:Authgate=Hots=oops;;=", "not a valid PostgreSQL connection string")]
    [InlineData("--Authgate:Database:Provider=mysql", "--Authgate:Demo=false", "must be 'sqlite' or 'postgres'")]
    public async Task An_unusable_database_stops_the_server_with_one_clear_line(string provider, string connection, string expected)
    {
        await using var server = ServerProcess.Start(NewDirectory(), provider, connection);

        (await server.WaitForExitAsync()).Should().NotBe(0);
        server.Output.Should().Contain(expected).And.NotContain("   at ");
    }
}

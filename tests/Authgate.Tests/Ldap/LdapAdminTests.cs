using System.Net;
using System.Text.Json;
using Authgate.Cli;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Ldap;

/// <summary>LDAP connections made through the Management API and the CLI: validated options, a bind password kept encrypted and never returned.</summary>
public sealed class LdapAdminTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private static Dictionary<string, string> Realm(string realm, string username, string password, string clientId = TestTenant.WebClientId, string clientSecret = TestTenant.WebClientSecret, string? audience = TestTenant.Api)
    {
        var form = Protocol.PasswordGrant(username: username, password: password, clientId: clientId, clientSecret: clientSecret, audience: audience);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = realm;
        return form;
    }

    [Fact]
    public async Task Created_through_the_management_api_it_signs_users_in_and_never_returns_the_bind_password()
    {
        var management = new Infrastructure.Management(http);
        var ldap = OpenLdapServer.Shared;
        var created = await management.PostAsync("connections", new
        {
            name = "api-ldap",
            strategy = "ad",
            enabled_clients = new[] { TestTenant.WebClientId },
            options = ldap.Options(),
        });

        created["strategy"]!.GetValue<string>().Should().Be("ad");
        created["options"]!["ldap_url"]!.GetValue<string>().Should().Be(ldap.Url);
        created["options"]!.AsObject().ContainsKey("bind_password").Should().BeFalse();
        var id = created["id"]!.GetValue<string>();
        (await management.GetAsync("connections/" + id)).ToJsonString().Should().NotContain(OpenLdapServer.ServicePassword);
        var stored = await factory.WithDbAsync(db => db.Connections.FirstAsync(c => c.Id == id));
        stored.OptionsJson.Should().NotContain(OpenLdapServer.ServicePassword);
        stored.SecretProtected.Should().NotBeNullOrEmpty().And.NotContain(OpenLdapServer.ServicePassword);

        await (await http.PostFormAsync(Realm("api-ldap", "alice", OpenLdapServer.AlicePassword))).ShouldSucceedAsync();

        // Auth0 replaces options on PATCH; a PATCH without bind_password keeps the stored one.
        var options = ldap.Options(o => { o.Remove("bind_password"); o["timeout_ms"] = 4000; });
        var patched = await management.PatchAsync("connections/" + id, new { options });
        patched["options"]!["timeout_ms"]!.GetValue<int>().Should().Be(4000);
        await (await http.PostFormAsync(Realm("api-ldap", "bob", OpenLdapServer.BobPassword))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Invalid_ldap_options_are_refused_naming_each_field()
    {
        var management = new Infrastructure.Management(http);
        var response = await management.SendAsync(HttpMethod.Post, "connections", new
        {
            name = "bad-ldap",
            strategy = "ad",
            options = new { ldap_url = "http://dir.example", bind_dn = "cn=x", timeout_ms = 5, attributes = new { shoe_size = "x" }, user_search_filter = "uid={0}" },
        });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body");
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
        message.Should().Contain("options.ldap_url").And.Contain("options.bind_password").And.Contain("options.user_search_base")
            .And.Contain("options.timeout_ms").And.Contain("options.attributes.shoe_size").And.Contain("options.user_search_filter");
        (await factory.WithDbAsync(db => db.Connections.AnyAsync(c => c.Name == "bad-ldap"))).Should().BeFalse();

        var ldaps = await management.SendAsync(HttpMethod.Post, "connections", new
        {
            name = "bad-ldaps",
            strategy = "ad",
            options = OpenLdapServer.Shared.Options(o => o["ldap_url"] = OpenLdapServer.Shared.LdapsUrl),
        });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(ldaps, HttpStatusCode.BadRequest, "invalid_body", "options.start_tls");
    }

    [Fact]
    public async Task The_cli_creates_an_ldap_connection_that_signs_users_in()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        async Task<(int Exit, string Output)> RunAsync(params string[] args)
        {
            var output = new StringWriter();
            var exit = await AdminCli.RunAsync([.. args, $"--Authgate:DataDirectory={directory}", .. TestDatabase.Settings(directory).Select(s => $"--{s.Key}={s.Value}")], output);
            SqliteConnection.ClearAllPools();
            return (exit, output.ToString());
        }

        (await RunAsync("init", "--seed", Path.Combine(RepositoryPaths.Root, "samples", "tenant.json"))).Exit.Should().Be(0);
        (await RunAsync("connections", "create", "--name", "cli-ldap", "--strategy", "ad", "--options", "{\"ldap_url\":\"ldap://x\"}")).Exit.Should().Be(2, "user_search_base is missing");
        var created = await RunAsync("connections", "create", "--name", "cli-ldap", "--strategy", "ad", "--enable", "exampleWebAppClientId0001",
            "--options", JsonSerializer.Serialize(OpenLdapServer.Shared.Options()));
        created.Exit.Should().Be(0, created.Output);
        (await RunAsync("connections", "list")).Output.Should().Contain("cli-ldap  ad");

        using var server = new AuthgateFactory(tenant: null, dataDirectory: directory);
        var client = server.CreateClient();
        await (await client.PostFormAsync(Realm("cli-ldap", "bob", OpenLdapServer.BobPassword, "exampleWebAppClientId0001", "example-web-app-secret-change-me-0123456789", "https://api.example.test/")))
            .ShouldSucceedAsync();
    }
}

using Authgate.Storage;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Tenants;

public sealed class SeedFileTests
{
    private static string ExampleTenant => Path.Combine(RepositoryPaths.Root, "samples", "tenant.json");

    [Fact]
    public async Task The_example_tenant_file_loads_as_is_and_its_fixed_credentials_work()
    {
        using var factory = new AuthgateFactory(tenant: null, new Dictionary<string, string?> { ["Authgate:SeedFile"] = ExampleTenant });
        var http = factory.CreateClient();

        var json = await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "jane",
            ["password"] = "correct horse battery staple 42",
            ["scope"] = "openid read:sample",
            ["client_id"] = "exampleWebAppClientId0001",
            ["client_secret"] = "example-web-app-secret-change-me-0123456789",
        })).ShouldSucceedAsync();

        var token = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        token.Audiences.Should().Equal("https://api.example.test/", "https://authgate.test/userinfo");
        Protocol.Scopes(json).Should().Equal("openid", "profile", "email", "address", "phone", "read:sample");
        Protocol.Decode(json.GetProperty("id_token").GetString()!).GetPayloadValue<string>("name").Should().Be("Jane Example");
    }

    [Fact]
    public void The_sample_tenant_file_is_the_shared_example()
    {
        var shared = Path.Combine(RepositoryPaths.Root, "..", "shared", "examples", "tenant.json");
        if (!File.Exists(shared))
        {
            return; // shared/ is beside the repository in CI and development; a lone clone has only the copy.
        }

        File.ReadAllText(ExampleTenant).Should().Be(File.ReadAllText(shared));
    }

    public static TheoryData<string, string> InvalidFiles => new()
    {
        { """{"clients":[{"name":"Web","app_type":"regular_web","grant_types":["password"]}]}""", "clients[0].callbacks" },
        { """{"clients":[{"name":"Web","app_type":"regular_web","callbacks":["x"],"grant_types":["password"]}]}""", "not an absolute URL" },
        { """{"clients":[{"name":"Web","app_type":"spa","grant_types":["teleport"]}]}""", "unknown grant type 'teleport'" },
        { """{"clients":[{"name":"Web","app_type":"spa","client_secret":"short"}]}""", "clients[0].client_secret" },
        { """{"resourceServers":[{"identifier":"https://a/","signing_alg":"ES512"}]}""", "signing_alg" },
        { """{"resourceServers":[{"identifier":"https://a/"},{"identifier":"https://a/"}]}""", "duplicate identifier" },
        { """{"resourceServers":[{"identifier":"https://a/","scopes":[{"value":"has space"}]}]}""", "not a valid scope" },
        { """{"connections":[{"name":"db","strategy":"google-oauth2"}]}""", "only database connections" },
        { """{"connections":[{"name":"db","enabled_clients":["ghost"]}]}""", "no client 'ghost'" },
        { """{"tenant":{"default_directory":"missing"}}""", "tenant.default_directory" },
        { """{"connections":[{"name":"db"}],"users":[{"connection":"db","email":"a@b.test","password":"short"}]}""", "PasswordStrengthError" },
        { """{"connections":[{"name":"db"}],"users":[{"connection":"db","email":"not-an-email","password":"Long-enough-1"}]}""", "not a valid email" },
        { """{"users":[{"connection":"nope","email":"a@b.test","password":"Long-enough-1"}]}""", "no connection named 'nope'" },
        { """{"connections":[{"name":"db"}],"users":[{"connection":"db","email":"a@b.test","password_hash":"$1$md5crypt$x"}]}""", "users[0].password_hash" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task Invalid_tenant_files_are_refused_with_the_field_named_and_nothing_written(string json, string expected)
    {
        using var factory = new AuthgateFactory(tenant: null);
        _ = factory.CreateClient();
        var file = System.Text.Json.JsonSerializer.Deserialize<TenantFile>(json, TenantFile.JsonOptions)!;

        await using var scope = factory.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<TenantSeeder>();
        var apply = () => seeder.ApplyAsync(file, CancellationToken.None);

        (await apply.Should().ThrowAsync<TenantFileException>()).Which.Message.Should().Contain(expected);
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        (await db.ResourceServers.AnyAsync()).Should().BeFalse();
        (await db.Connections.AnyAsync()).Should().BeFalse();
        (await db.Users.AnyAsync()).Should().BeFalse();
        (await db.Clients.AnyAsync(c => c.ClientId != AuthgateFactory.ManagementClientId)).Should().BeFalse();
    }
}

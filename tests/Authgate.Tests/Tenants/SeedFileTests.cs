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
        { """{"clients":[{"name":"Web","colour":"red"}]}""", "clients[0]: Payload validation error: 'Additional properties not allowed: colour'." },
        { """{"clients":[{"name":"Web","app_type":"desktop"}]}""", "clients[0]: Payload validation error: 'Invalid property \"desktop\"' on property app_type" },
        { """{"clients":[{"name":"Web","app_type":"regular_web","callbacks":["x"],"grant_types":["password"]}]}""", "'Object didn't pass validation for format callback-url: x' on property callbacks[0]" },
        { """{"clients":[{"name":"Web","app_type":"spa","grant_types":["teleport"]}]}""", "'Invalid grant type: teleport' on property grant_types" },
        { """{"clients":[{"name":"Web","app_type":"spa","client_secret":"short"}]}""", "'String is too short (5 chars), minimum 32' on property client_secret" },
        { """{"clients":[{"name":"Web","refresh_token":{"rotation_type":"rotating"}}]}""", "'Missing required property: expiration_type' on property refresh_token" },
        { """{"resourceServers":[{"identifier":"https://a/","signing_alg":"ES512"}]}""", "'Invalid property \"ES512\"' on property signing_alg" },
        { """{"resourceServers":[{"identifier":"https://a/"},{"identifier":"https://a/"}]}""", "duplicate identifier" },
        { """{"resourceServers":[{"identifier":"https://a/","scopes":[{"value":"has space"}]}]}""", "'String does not match pattern ^\\S+$: has space' on property scopes[0].value" },
        { """{"resourceServers":[{"identifier":"https://a/","token_lifetime":2592001}]}""", "'Value 2592001 is greater than maximum 2592000' on property token_lifetime" },
        { """{"connections":[{"name":"db","strategy":"teleport"}]}""", "'Invalid property \"teleport\"' on property strategy" },
        { """{"connections":[{"name":"db"}]}""", "connections[0]: Payload validation error: 'Missing required property: strategy'." },
        { """{"connections":[{"name":"db","strategy":"auth0","enabled_clients":["ghost"]}]}""", "'The client does not exist: ghost' on property enabled_clients" },
        { """{"connections":[{"name":"db","strategy":"auth0","options":{"passwordPolicy":"strong"}}]}""", "'Invalid property \"strong\"' on property options.passwordPolicy" },
        { """{"tenant":{"default_directory":"missing"}}""", "tenant.default_directory" },
        { """{"tenant":{"flags":{"no_such_flag":true}}}""", "tenant: Payload validation error: 'Additional properties not allowed: no_such_flag' on property flags (Flags used to change the behavior of this tenant.)." },
        { """{"connections":[{"name":"db","strategy":"auth0"}],"users":[{"connection":"db","email":"a@b.test","password":"short"}]}""", "PasswordStrengthError" },
        { """{"connections":[{"name":"db","strategy":"auth0"}],"users":[{"connection":"db","email":"not-an-email","password":"Long-enough-1"}]}""", "'Object didn't pass validation for format email: not-an-email' on property email (The user's email.)." },
        { """{"users":[{"connection":"nope","email":"a@b.test","password":"Long-enough-1"}]}""", "users[0]: The connection does not exist." },
        { """{"clientGrants":[{"client_id":"ghost","audience":"https://a/"}]}""", "clientGrants[0]: The client does not exist" },
        { """{"rules":[]}""", "unknown section 'rules'" },
        { """{"attackProtection":{"bruteForceProtection":{"max_attempts":101}}}""", "attackProtection.bruteForceProtection: Payload validation error: 'Value 101 is greater than maximum 100' on property max_attempts" },
        { """{"attackProtection":{"captcha":{"active_provider_id":"auth_challenge"}}}""", "attackProtection.captcha: CAPTCHA is not available on this tenant." },
        { """{"attackProtection":{"lockout":{}}}""", "attackProtection.lockout: unknown setting (expected bruteForceProtection, suspiciousIpThrottling, breachedPasswordDetection)." },
        { """{"connections":[{"name":"db","strategy":"auth0"}],"users":[{"connection":"db","email":"a@b.test","password_hash":"$1$md5crypt$x"}]}""", "'Not a password hash Authgate can verify (Argon2, bcrypt $2a$/$2b$/$2y$, PBKDF2, or RFC 2307 {SSHA}...)' on property password_hash" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task Invalid_tenant_files_are_refused_with_the_field_named_and_nothing_written(string json, string expected)
    {
        using var factory = new AuthgateFactory(tenant: null);
        _ = factory.CreateClient();

        await using var scope = factory.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<TenantSeeder>();
        var apply = () => seeder.ApplyAsync(TenantDocument.Parse(json), CancellationToken.None);

        (await apply.Should().ThrowAsync<TenantFileException>()).Which.Message.Should().Contain(expected);
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        (await db.ResourceServers.AnyAsync()).Should().BeFalse();
        (await db.Connections.AnyAsync()).Should().BeFalse();
        (await db.Users.AnyAsync()).Should().BeFalse();
        (await db.AttackProtection.AnyAsync()).Should().BeFalse();
        (await db.Clients.AnyAsync(c => c.ClientId != AuthgateFactory.ManagementClientId)).Should().BeFalse();
    }
}

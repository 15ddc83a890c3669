using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Management;

/// <summary>Connections, users and tenant settings, each change checked at the token endpoint right away.</summary>
public sealed class UsersAndConnectionsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    private Task<HttpResponseMessage> LoginAsync(string username, string password, string? realm = null)
    {
        var form = Protocol.PasswordGrant(username: username, password: password);
        if (realm is not null)
        {
            form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
            form["realm"] = realm;
        }

        return http.PostFormAsync(form);
    }

    [Fact]
    public async Task Connection_lifecycle_with_enabled_clients()
    {
        var created = await management.PostAsync("connections", new { name = "partners", strategy = "auth0", enabled_clients = new[] { TestTenant.WebClientId }, options = new { passwordPolicy = "low" } });
        var id = created["id"]!.GetValue<string>();
        id.Should().StartWith("con_");
        await management.PostAsync("users", new { connection = "partners", email = "pat@partner.test", password = "simple" });

        await (await LoginAsync("pat@partner.test", "simple", "partners")).ShouldSucceedAsync();

        await management.OkAsync(HttpMethod.Patch, $"connections/{id}/clients", new[] { new { client_id = TestTenant.WebClientId, status = false } }, HttpStatusCode.NoContent);
        (await management.GetAsync($"connections/{id}/clients"))["clients"]!.AsArray().Should().BeEmpty();
        await (await LoginAsync("pat@partner.test", "simple", "partners")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "the connection was disabled");

        await management.PatchAsync($"connections/{id}", new { enabled_clients = new[] { TestTenant.WebClientId }, options = new { passwordPolicy = "good" } });
        await (await LoginAsync("pat@partner.test", "simple", "partners")).ShouldSucceedAsync();
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = "partners", email = "weak@partner.test", password = "simple" }),
            HttpStatusCode.BadRequest, messageContains: "PasswordStrengthError");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, $"connections/{id}", new { name = "renamed" }), HttpStatusCode.BadRequest);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "connections", new { name = "partners", strategy = "auth0" }), HttpStatusCode.Conflict);
        await management.OkAsync(HttpMethod.Delete, $"connections/{id}", null, HttpStatusCode.Accepted);
        await (await LoginAsync("pat@partner.test", "simple", "partners")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "the connection was not found");
    }

    [Fact]
    public async Task User_lifecycle_create_search_block_password_delete()
    {
        var created = await management.PostAsync("users", new
        {
            connection = TestTenant.Connection,
            email = "Sam@Example.test",
            username = "sam",
            password = "Sam-passw0rd!",
            given_name = "Sam",
            user_metadata = new { theme = "dark" },
            app_metadata = new { plan = "pro" },
        });
        var id = created["user_id"]!.GetValue<string>();
        id.Should().MatchRegex("^auth0\\|[0-9a-f]{24}$");
        created["identities"]![0]!["connection"]!.GetValue<string>().Should().Be(TestTenant.Connection);
        created["name"]!.GetValue<string>().Should().Be("Sam@Example.test");
        created["nickname"]!.GetValue<string>().Should().Be("Sam");
        created.ToJsonString().Should().NotContain("Sam-passw0rd!").And.NotContain("argon2");

        await (await LoginAsync("sam@example.test", "Sam-passw0rd!")).ShouldSucceedAsync();
        (await management.GetAsync($"users/{Uri.EscapeDataString(id)}"))["logins_count"]!.GetValue<int>().Should().Be(1);
        (await management.GetAsync("users?q=email:\"sam@example.test\"&search_engine=v3")).AsArray().Should().ContainSingle();
        (await management.GetAsync("users-by-email?email=SAM@example.test")).AsArray().Should().ContainSingle();

        await management.PatchAsync($"users/{Uri.EscapeDataString(id)}", new { blocked = true });
        await (await LoginAsync("sam@example.test", "Sam-passw0rd!")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "user is blocked");
        var unblocked = await management.PatchAsync($"users/{Uri.EscapeDataString(id)}", new { blocked = false, password = "New-passw0rd!", user_metadata = new { lang = "fr" } });
        unblocked["user_metadata"]!["theme"]!.GetValue<string>().Should().Be("dark", "metadata is merged");
        unblocked["user_metadata"]!["lang"]!.GetValue<string>().Should().Be("fr");
        await (await LoginAsync("sam@example.test", "Sam-passw0rd!")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await LoginAsync("sam", "New-passw0rd!")).ShouldSucceedAsync();

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = TestTenant.Connection, email = "sam@EXAMPLE.test", password = "Sam-passw0rd!" }),
            HttpStatusCode.Conflict, messageContains: "The user already exists.");
        await management.DeleteAsync($"users/{Uri.EscapeDataString(id)}");
        await (await LoginAsync("sam@example.test", "New-passw0rd!")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, $"users/{Uri.EscapeDataString(id)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task User_validation_errors()
    {
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = "nope", email = "a@b.test", password = "Long-enough-1" }), HttpStatusCode.BadRequest, "inexistent_connection", messageContains: "The connection does not exist.");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = TestTenant.Connection, email = "not-an-email", password = "Long-enough-1" }), HttpStatusCode.BadRequest);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = TestTenant.Connection, email = "a@b.test", password = "Long-enough-1", shoe_size = 42 }), HttpStatusCode.BadRequest, messageContains: "shoe_size");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Get, "users?q=shoe_size:42"), HttpStatusCode.BadRequest, "invalid_query_string");
    }

    [Fact]
    public async Task Tenant_default_directory_change_applies_to_the_next_password_grant()
    {
        (await management.GetAsync("tenants/settings"))["default_directory"]!.GetValue<string>().Should().Be(TestTenant.Connection);

        await management.PatchAsync("tenants/settings", new { default_directory = TestTenant.EmployeesConnection });
        try
        {
            await (await LoginAsync(TestTenant.EmployeeEmail, TestTenant.Password)).ShouldSucceedAsync();
            await (await LoginAsync(TestTenant.JaneEmail, TestTenant.JanePassword)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");

            await management.PatchAsync("tenants/settings", new { default_directory = "" });
            await (await LoginAsync(TestTenant.JaneEmail, TestTenant.JanePassword)).ShouldBeErrorAsync(HttpStatusCode.InternalServerError, "server_error");
        }
        finally
        {
            await management.PatchAsync("tenants/settings", new { default_directory = TestTenant.Connection });
        }

        await (await LoginAsync(TestTenant.JaneEmail, TestTenant.JanePassword)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Tenant_default_audience_change_applies_at_once()
    {
        await management.PatchAsync("tenants/settings", new { default_audience = TestTenant.HsApi });
        try
        {
            var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: null))).ShouldSucceedAsync();
            Protocol.Decode(json.GetProperty("access_token").GetString()!).GetPayloadValue<string>("aud").Should().Be(TestTenant.HsApi);
        }
        finally
        {
            await management.PatchAsync("tenants/settings", new { default_audience = "" });
        }

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, "tenants/settings", new { default_directory = 5 }), HttpStatusCode.BadRequest);
    }
}

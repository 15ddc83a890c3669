using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Rbac;

/// <summary>The roles and permissions endpoints: shapes, statuses and every refusal.</summary>
public sealed class RolesApiTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    private async Task<string> CreateRoleAsync(string name, string? description = null)
    {
        var role = await management.OkAsync(HttpMethod.Post, "roles", new { name, description });
        return role["id"]!.GetValue<string>();
    }

    private async Task<string> JaneIdAsync() =>
        (await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!["user_id"]!.GetValue<string>();

    [Fact]
    public async Task Role_lifecycle_create_get_list_patch_delete()
    {
        var created = await management.OkAsync(HttpMethod.Post, "roles", new { name = "lifecycle-admin", description = "Admins" });
        var id = created["id"]!.GetValue<string>();
        id.Should().MatchRegex("^rol_[A-Za-z0-9]{16}$");
        created["name"]!.GetValue<string>().Should().Be("lifecycle-admin");
        created["description"]!.GetValue<string>().Should().Be("Admins");

        (await management.GetAsync($"roles/{id}"))["name"]!.GetValue<string>().Should().Be("lifecycle-admin");
        var page = await management.GetAsync("roles?include_totals=true&name_filter=LIFECYCLE");
        page["total"]!.GetValue<int>().Should().Be(1);
        page["roles"]!.AsArray()[0]!["id"]!.GetValue<string>().Should().Be(id);
        (await management.GetAsync("roles")).AsArray().Should().Contain(r => r!["id"]!.GetValue<string>() == id);

        var patched = await management.PatchAsync($"roles/{id}", new { description = "Changed" });
        patched["name"]!.GetValue<string>().Should().Be("lifecycle-admin");
        patched["description"]!.GetValue<string>().Should().Be("Changed");

        await management.OkAsync(HttpMethod.Delete, $"roles/{id}");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, $"roles/{id}"), HttpStatusCode.NotFound, "inexistent_role");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Delete, $"roles/{id}"), HttpStatusCode.NotFound, "inexistent_role");
    }

    [Fact]
    public async Task Bad_role_bodies_are_refused_and_nothing_is_written()
    {
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "roles", new { description = "no name" }), HttpStatusCode.BadRequest, "invalid_body", "Missing required property: name");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "roles", new { name = "x", color = "red" }), HttpStatusCode.BadRequest, "invalid_body", "Additional properties not allowed: color");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "roles", new { name = new string('n', 51) }), HttpStatusCode.BadRequest, "invalid_body", "maximum 50");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "roles", new { name = 5 }), HttpStatusCode.BadRequest, "invalid_body");
        await CreateRoleAsync("taken-name");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "roles", new { name = "taken-name" }), HttpStatusCode.Conflict, "role_conflict");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, "roles/rol_doesnotexist0000", new { name = "y" }), HttpStatusCode.NotFound, "inexistent_role");

        var names = (await management.GetAsync("roles?per_page=100")).AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        names.Should().NotContain(["x", new string('n', 51)]);
        names.Count(n => n == "taken-name").Should().Be(1);
    }

    [Fact]
    public async Task Role_permissions_are_added_listed_and_removed()
    {
        var id = await CreateRoleAsync("perm-editor");
        await management.PostAsync($"roles/{id}/permissions", new
        {
            permissions = new[]
            {
                new { resource_server_identifier = TestTenant.Api, permission_name = "read:sample" },
                new { resource_server_identifier = TestTenant.Api, permission_name = "write:sample" },
            },
        });
        var listed = await management.GetAsync($"roles/{id}/permissions?include_totals=true");
        listed["total"]!.GetValue<int>().Should().Be(2);
        var first = listed["permissions"]!.AsArray()[0]!;
        first["resource_server_identifier"]!.GetValue<string>().Should().Be(TestTenant.Api);
        first["permission_name"]!.GetValue<string>().Should().Be("read:sample");
        first["resource_server_name"]!.GetValue<string>().Should().Be("Test API");

        await management.OkAsync(HttpMethod.Delete, $"roles/{id}/permissions", new { permissions = new[] { new { resource_server_identifier = TestTenant.Api, permission_name = "write:sample" } } });
        (await management.GetAsync($"roles/{id}/permissions")).AsArray().Select(p => p!["permission_name"]!.GetValue<string>()).Should().Equal("read:sample");
    }

    [Fact]
    public async Task Bad_permissions_are_refused()
    {
        var id = await CreateRoleAsync("perm-bad");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"roles/{id}/permissions",
            new { permissions = new[] { new { resource_server_identifier = "https://nope.test/", permission_name = "read:sample" } } }), HttpStatusCode.NotFound, "inexistent_resource_server");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"roles/{id}/permissions",
            new { permissions = new[] { new { resource_server_identifier = TestTenant.Api, permission_name = "delete:everything" } } }), HttpStatusCode.BadRequest, "invalid_body", "delete:everything");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"roles/{id}/permissions",
            new { permissions = Array.Empty<object>() }), HttpStatusCode.BadRequest, "invalid_body", "minimum 1");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"roles/{id}/permissions",
            new { permissions = new[] { new { resource_server_identifier = TestTenant.Api } } }), HttpStatusCode.BadRequest, "invalid_body", "permission_name");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "roles/rol_missing000000000/permissions",
            new { permissions = new[] { new { resource_server_identifier = TestTenant.Api, permission_name = "read:sample" } } }), HttpStatusCode.NotFound, "inexistent_role");
        (await management.GetAsync($"roles/{id}/permissions")).AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Users_get_roles_both_ways_and_see_permissions_with_their_sources()
    {
        var jane = await JaneIdAsync();
        var reader = await CreateRoleAsync("src-reader");
        var writer = await CreateRoleAsync("src-writer");
        await management.PostAsync($"roles/{reader}/permissions", new { permissions = new[] { new { resource_server_identifier = TestTenant.Api, permission_name = "read:sample" } } });
        await management.PostAsync($"roles/{writer}/permissions", new { permissions = new[] { new { resource_server_identifier = TestTenant.Api, permission_name = "read:sample" } } });

        await management.OkAsync(HttpMethod.Post, $"roles/{reader}/users", new { users = new[] { jane } });
        await management.OkAsync(HttpMethod.Post, $"users/{Uri.EscapeDataString(jane)}/roles", new { roles = new[] { writer } }, HttpStatusCode.NoContent);
        await management.OkAsync(HttpMethod.Post, $"users/{Uri.EscapeDataString(jane)}/permissions",
            new { permissions = new[] { new { resource_server_identifier = TestTenant.Api, permission_name = "read:sample" } } }, HttpStatusCode.Created);

        var roles = (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/roles")).AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        roles.Should().Contain([reader, writer]);
        var members = await management.GetAsync($"roles/{reader}/users?take=10");
        members["users"]!.AsArray().Single()!["user_id"]!.GetValue<string>().Should().Be(jane);
        members["users"]!.AsArray().Single()!["email"]!.GetValue<string>().Should().Be(TestTenant.JaneEmail);
        members.AsObject().ContainsKey("next").Should().BeFalse();
        (await management.GetAsync($"roles/{reader}/users?include_totals=true"))["total"]!.GetValue<int>().Should().Be(1);

        var permission = (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/permissions")).AsArray()
            .Single(p => p!["permission_name"]!.GetValue<string>() == "read:sample")!;
        var sources = permission["sources"]!.AsArray().Select(s => (s!["source_type"]!.GetValue<string>(), s["source_name"]!.GetValue<string>())).ToList();
        sources.Should().BeEquivalentTo([("DIRECT", ""), ("ROLE", "src-reader"), ("ROLE", "src-writer")]);

        await management.OkAsync(HttpMethod.Delete, $"users/{Uri.EscapeDataString(jane)}/roles", new { roles = new[] { reader, writer } }, HttpStatusCode.NoContent);
        await management.OkAsync(HttpMethod.Delete, $"users/{Uri.EscapeDataString(jane)}/permissions",
            new { permissions = new[] { new { resource_server_identifier = TestTenant.Api, permission_name = "read:sample" } } }, HttpStatusCode.NoContent);
        (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/permissions")).AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_users_and_roles_are_404_and_bad_role_lists_400()
    {
        var role = await CreateRoleAsync("assign-bad");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"roles/{role}/users", new { users = new[] { "auth0|nobody" } }), HttpStatusCode.NotFound, "inexistent_user");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"roles/{role}/users", new { users = Array.Empty<string>() }), HttpStatusCode.BadRequest, "invalid_body");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, "users/auth0%7Cnobody/roles", new { roles = new[] { role } }), HttpStatusCode.NotFound, "inexistent_user");
        var jane = Uri.EscapeDataString(await JaneIdAsync());
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"users/{jane}/roles", new { roles = new[] { "rol_nope000000000000" } }), HttpStatusCode.NotFound, "inexistent_role");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Post, $"users/{jane}/roles", new { roles = Array.Empty<string>() }), HttpStatusCode.BadRequest, "invalid_body");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, "users/auth0%7Cnobody/permissions"), HttpStatusCode.NotFound, "inexistent_user");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, $"roles/{role}/users?from=%%%"), HttpStatusCode.BadRequest, "invalid_query_string");
        (await management.GetAsync($"roles/{role}/users")).AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Role_users_page_with_checkpoints()
    {
        var role = await CreateRoleAsync("paged-members");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var user = await management.PostAsync("users", new { connection = TestTenant.Connection, email = $"member{i}@example.test", password = TestTenant.Password });
            ids.Add(user["user_id"]!.GetValue<string>());
        }

        await management.OkAsync(HttpMethod.Post, $"roles/{role}/users", new { users = ids });
        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await management.GetAsync($"roles/{role}/users?take=2" + (next is null ? "" : "&from=" + Uri.EscapeDataString(next)));
            seen.AddRange(page["users"]!.AsArray().Select(u => u!["user_id"]!.GetValue<string>()));
            next = page["next"]?.GetValue<string>();
        }
        while (next is not null);

        seen.Should().BeEquivalentTo(ids);
        seen.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Deleting_a_role_removes_its_assignments()
    {
        var jane = await JaneIdAsync();
        var role = await CreateRoleAsync("short-lived");
        await management.OkAsync(HttpMethod.Post, $"roles/{role}/users", new { users = new[] { jane } });
        await management.OkAsync(HttpMethod.Delete, $"roles/{role}");
        (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/roles")).AsArray().Select(r => r!["id"]!.GetValue<string>()).Should().NotContain(role);
    }
}

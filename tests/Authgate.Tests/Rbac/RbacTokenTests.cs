using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Rbac;

/// <summary>What RBAC and the token dialects do to the tokens a client receives.</summary>
public sealed class RbacTokenTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    /// <summary>A new API with three scopes, and Jane holding <paramref name="viaRole"/> through a role and <paramref name="direct"/> directly.</summary>
    private async Task<string> ApiAsync(string name, bool enforce, string dialect, string[] viaRole, string[] direct, string? alg = null)
    {
        var identifier = $"https://{name}.rbac.test/";
        await management.PostAsync("resource-servers", new
        {
            name,
            identifier,
            signing_alg = alg ?? "RS256",
            allow_offline_access = true,
            enforce_policies = enforce,
            token_dialect = dialect,
            scopes = new[] { new { value = "read:a" }, new { value = "write:a" }, new { value = "admin:a" } },
        });
        var jane = Uri.EscapeDataString((await management.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!["user_id"]!.GetValue<string>());
        if (viaRole.Length > 0)
        {
            var role = (await management.OkAsync(HttpMethod.Post, "roles", new { name = name + "-role" }))["id"]!.GetValue<string>();
            await management.PostAsync($"roles/{role}/permissions", new { permissions = viaRole.Select(p => new { resource_server_identifier = identifier, permission_name = p }).ToArray() });
            await management.OkAsync(HttpMethod.Post, $"users/{jane}/roles", new { roles = new[] { role } }, HttpStatusCode.NoContent);
        }

        if (direct.Length > 0)
        {
            await management.PostAsync($"users/{jane}/permissions", new { permissions = direct.Select(p => new { resource_server_identifier = identifier, permission_name = p }).ToArray() });
        }

        return identifier;
    }

    private async Task<JsonElement> LoginAsync(string audience, string? scope = null) =>
        await (await http.PostFormAsync(Protocol.PasswordGrant(audience: audience, scope: scope))).ShouldSucceedAsync();

    [Fact]
    public async Task Enforced_policies_grant_only_held_scopes_when_none_are_asked()
    {
        var api = await ApiAsync("enforce-all", enforce: true, "access_token", viaRole: ["read:a"], direct: ["write:a"]);
        var json = await LoginAsync(api);
        Protocol.Scopes(json).Should().Equal("read:a", "write:a");
        var token = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        token.GetClaim("scope").Value.Should().Be("read:a write:a");
        token.TryGetClaim("permissions", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Enforced_policies_intersect_the_request_and_keep_oidc_scopes()
    {
        var api = await ApiAsync("enforce-some", enforce: true, "access_token", viaRole: ["read:a"], direct: []);
        var json = await LoginAsync(api, "openid offline_access read:a admin:a");
        Protocol.Scopes(json).Should().Equal("openid", "profile", "email", "address", "phone", "offline_access", "read:a");
        json.TryGetProperty("refresh_token", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Without_enforcement_every_asked_scope_is_granted()
    {
        var api = await ApiAsync("no-enforce", enforce: false, "access_token", viaRole: [], direct: []);
        Protocol.Scopes(await LoginAsync(api, "admin:a")).Should().Equal("admin:a");
    }

    [Fact]
    public async Task Access_token_authz_lists_every_held_permission()
    {
        var api = await ApiAsync("authz", enforce: true, "access_token_authz", viaRole: ["read:a", "admin:a"], direct: ["write:a"]);
        var json = await LoginAsync(api, "read:a");
        Protocol.Scopes(json).Should().Equal("read:a");
        var token = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        token.GetPayloadValue<string[]>("permissions").Should().Equal("read:a", "write:a", "admin:a");
        token.GetClaim("azp").Value.Should().Be(TestTenant.WebClientId);
        token.GetClaim("gty").Value.Should().Be("password");
        token.Typ.Should().Be("JWT");
    }

    [Fact]
    public async Task Authz_dialect_without_permissions_has_an_empty_list()
    {
        var api = await ApiAsync("authz-empty", enforce: true, "access_token_authz", viaRole: [], direct: []);
        var token = Protocol.Decode((await LoginAsync(api)).GetProperty("access_token").GetString()!);
        token.GetPayloadValue<string[]>("permissions").Should().BeEmpty();
        token.GetClaim("scope").Value.Should().BeEmpty();
    }

    [Fact]
    public async Task Rfc9068_profile_has_typ_at_jwt_client_id_and_jti_instead_of_azp_and_gty()
    {
        var api = await ApiAsync("rfc9068", enforce: false, "rfc9068_profile", viaRole: [], direct: []);
        var json = await LoginAsync(api, "openid read:a");
        var raw = json.GetProperty("access_token").GetString()!;
        var token = Protocol.Decode(raw);
        token.Typ.Should().Be("at+jwt");
        token.GetClaim("client_id").Value.Should().Be(TestTenant.WebClientId);
        token.GetClaim("jti").Value.Should().MatchRegex("^[A-Za-z0-9]{22}$");
        token.TryGetClaim("azp", out _).Should().BeFalse();
        token.TryGetClaim("gty", out _).Should().BeFalse();
        token.TryGetClaim("permissions", out _).Should().BeFalse();
        (await Protocol.ValidateWithJwksAsync(http, raw, api, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();
        var second = Protocol.Decode((await LoginAsync(api, "read:a")).GetProperty("access_token").GetString()!);
        second.GetClaim("jti").Value.Should().NotBe(token.GetClaim("jti").Value);
    }

    [Fact]
    public async Task Rfc9068_profile_authz_adds_permissions()
    {
        var api = await ApiAsync("rfc9068-authz", enforce: true, "rfc9068_profile_authz", viaRole: ["admin:a"], direct: []);
        var token = Protocol.Decode((await LoginAsync(api)).GetProperty("access_token").GetString()!);
        token.Typ.Should().Be("at+jwt");
        token.GetPayloadValue<string[]>("permissions").Should().Equal("admin:a");
        token.GetClaim("scope").Value.Should().Be("admin:a");
    }

    [Fact]
    public async Task A_refresh_applies_the_permissions_held_now()
    {
        var api = await ApiAsync("refresh-rbac", enforce: true, "access_token_authz", viaRole: ["read:a", "write:a"], direct: []);
        var login = await LoginAsync(api, "offline_access read:a write:a");
        var role = (await management.GetAsync("roles?name_filter=refresh-rbac-role")).AsArray()[0]!["id"]!.GetValue<string>();
        await management.OkAsync(HttpMethod.Delete, $"roles/{role}/permissions", new { permissions = new[] { new { resource_server_identifier = api, permission_name = "write:a" } } });

        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(login.GetProperty("refresh_token").GetString()!))).ShouldSucceedAsync();
        Protocol.Scopes(refreshed).Should().Equal("offline_access", "read:a");
        Protocol.Decode(refreshed.GetProperty("access_token").GetString()!).GetPayloadValue<string[]>("permissions").Should().Equal("read:a");
    }

    [Fact]
    public async Task Client_credentials_authz_tokens_list_the_client_grant_scopes()
    {
        var api = await ApiAsync("cc-authz", enforce: true, "access_token_authz", viaRole: [], direct: []);
        await management.PostAsync("client-grants", new { client_id = TestTenant.MachineClientId, audience = api, scope = new[] { "read:a", "write:a" } });
        var json = await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = TestTenant.MachineClientId, ["client_secret"] = TestTenant.MachineClientSecret, ["audience"] = api,
        })).ShouldSucceedAsync();
        var token = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        token.GetPayloadValue<string[]>("permissions").Should().Equal("read:a", "write:a");
        token.GetClaim("gty").Value.Should().Be("client-credentials");
    }

    [Fact]
    public async Task Unknown_token_dialect_is_refused_and_the_api_round_trips_both_fields()
    {
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "resource-servers", new { name = "bad", identifier = "https://bad-dialect.test/", token_dialect = "jwt" }),
            HttpStatusCode.BadRequest, "invalid_body", "token_dialect");
        var created = await management.PostAsync("resource-servers", new { name = "good", identifier = "https://good-dialect.test/", enforce_policies = true, token_dialect = "rfc9068_profile" });
        created["enforce_policies"]!.GetValue<bool>().Should().BeTrue();
        created["token_dialect"]!.GetValue<string>().Should().Be("rfc9068_profile");
        var patched = await management.PatchAsync($"resource-servers/{created["id"]}", new { token_dialect = "access_token_authz" });
        patched["token_dialect"]!.GetValue<string>().Should().Be("access_token_authz");
        patched["enforce_policies"]!.GetValue<bool>().Should().BeTrue();
    }
}

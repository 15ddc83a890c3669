using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Security;

/// <summary>
/// An end user's password-grant token for the Management API audience carries at most the current_user scopes
/// and reaches only that user's own profile (user_metadata), never the tenant.
/// </summary>
public sealed class EndUserManagementTokenTests : IClassFixture<AuthgateFactory>
{
    private static readonly string[] CurrentUserScopes =
    [
        "read:current_user", "update:current_user_metadata", "create:current_user_metadata", "delete:current_user_metadata",
        "update:current_user_identities", "create:current_user_device_credentials", "delete:current_user_device_credentials",
    ];

    private const string ManagementAudience = AuthgateFactory.Issuer + "api/v2/";
    private readonly AuthgateFactory factory;
    private readonly HttpClient http;
    private readonly Infrastructure.Management admin;

    public EndUserManagementTokenTests(AuthgateFactory factory)
    {
        this.factory = factory;
        http = factory.CreateClient();
        admin = new Infrastructure.Management(factory.CreateClient());
    }

    private async Task<(string Token, string[] Scopes)> UserTokenAsync(string? scope = null, bool realm = false)
    {
        var form = Protocol.PasswordGrant(audience: ManagementAudience, scope: scope);
        if (realm)
        {
            form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
            form["realm"] = TestTenant.Connection;
        }

        var json = await (await http.PostFormAsync(form)).ShouldSucceedAsync();
        return (json.GetProperty("access_token").GetString()!, Protocol.Scopes(json));
    }

    private async Task<string> JaneIdAsync() =>
        (await admin.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!["user_id"]!.GetValue<string>();

    private async Task<string> OtherUserIdAsync() =>
        (await admin.GetAsync($"users-by-email?email={TestTenant.BlockedEmail}")).AsArray()[0]!["user_id"]!.GetValue<string>();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_a_scope_a_user_gets_only_the_current_user_scopes(bool realm)
    {
        var (token, scopes) = await UserTokenAsync(realm: realm);

        scopes.Should().BeEquivalentTo(CurrentUserScopes);
        Protocol.Decode(token).GetClaim("scope").Value.Split(' ').Should().BeEquivalentTo(CurrentUserScopes);
    }

    [Fact]
    public async Task Admin_scopes_asked_for_are_dropped()
    {
        var (_, scopes) = await UserTokenAsync("read:clients create:users update:users read:current_user");

        scopes.Should().Equal("read:current_user");
    }

    [Theory]
    [InlineData("GET", "clients")]
    [InlineData("GET", "users")]
    [InlineData("GET", "resource-servers")]
    [InlineData("GET", "connections")]
    [InlineData("GET", "client-grants")]
    [InlineData("GET", "tenants/settings")]
    [InlineData("GET", "logs")]
    [InlineData("GET", "keys/signing")]
    [InlineData("GET", "attack-protection/brute-force-protection")]
    [InlineData("POST", "keys/signing/rotate")]
    public async Task A_user_token_is_refused_everywhere_else(string method, string path)
    {
        var (token, _) = await UserTokenAsync();

        var response = await admin.SendAsync(new HttpMethod(method), path, method == "GET" ? null : new { }, bearer: token);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.Forbidden, "insufficient_scope");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("client_secret");
    }

    [Fact]
    public async Task A_user_token_reads_its_own_profile_only()
    {
        var (token, _) = await UserTokenAsync();
        var jane = await JaneIdAsync();

        var own = await admin.SendAsync(HttpMethod.Get, $"users/{Uri.EscapeDataString(jane)}", bearer: token);
        own.StatusCode.Should().Be(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        JsonNode.Parse(await own.Content.ReadAsStringAsync())!["email"]!.GetValue<string>().Should().Be(TestTenant.JaneEmail);

        var other = await admin.SendAsync(HttpMethod.Get, $"users/{Uri.EscapeDataString(await OtherUserIdAsync())}", bearer: token);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(other, HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task A_user_token_changes_its_own_user_metadata_and_nothing_else()
    {
        var (token, _) = await UserTokenAsync();
        var jane = Uri.EscapeDataString(await JaneIdAsync());

        var ok = await admin.SendAsync(HttpMethod.Patch, $"users/{jane}", new { user_metadata = new { theme = "dark" } }, bearer: token);
        ok.StatusCode.Should().Be(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());

        foreach (var body in new object[]
        {
            new { app_metadata = new { role = "admin" } },
            new { email = "mallory@example.test" },
            new { blocked = false },
            new { password = "A-new-passw0rd-for-jane" },
            new { user_metadata = new { theme = "light" }, email_verified = true },
        })
        {
            var refused = await admin.SendAsync(HttpMethod.Patch, $"users/{jane}", body, bearer: token);
            await Infrastructure.Management.ShouldBeManagementErrorAsync(refused, HttpStatusCode.Forbidden, "insufficient_scope");
        }

        var stored = await admin.GetAsync($"users/{jane}");
        stored["user_metadata"]!["theme"]!.GetValue<string>().Should().Be("dark");
        stored["app_metadata"]!.AsObject().Should().NotContainKey("role");
        stored["email"]!.GetValue<string>().Should().Be(TestTenant.JaneEmail);

        var delete = await admin.SendAsync(HttpMethod.Delete, $"users/{jane}", bearer: token);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(delete, HttpStatusCode.Forbidden, "insufficient_scope");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await admin.SendAsync(HttpMethod.Patch, $"users/{Uri.EscapeDataString(await OtherUserIdAsync())}", new { user_metadata = new { x = 1 } }, bearer: token),
            HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task A_user_token_that_carries_admin_scopes_is_still_only_a_user_token()
    {
        // As a token an older version issued, or a refresh token stored then, would carry: signed by us, admin scopes.
        var forge = new TokenForge(factory);
        var now = TokenForge.Now(factory);
        var token = forge.Sign(forge.Header(), new JsonObject
        {
            ["iss"] = AuthgateFactory.Issuer, ["sub"] = await JaneIdAsync(), ["aud"] = ManagementAudience, ["iat"] = now, ["exp"] = now + 600,
            ["scope"] = "read:clients read:users update:users read:current_user", ["gty"] = "password", ["azp"] = TestTenant.WebClientId,
        });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await admin.SendAsync(HttpMethod.Get, "clients", bearer: token), HttpStatusCode.Forbidden, "insufficient_scope");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await admin.SendAsync(HttpMethod.Get, "users", bearer: token), HttpStatusCode.Forbidden, "insufficient_scope");
        (await admin.SendAsync(HttpMethod.Get, $"users/{Uri.EscapeDataString(await JaneIdAsync())}", bearer: token)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A "client-credentials" token whose subject is not the client's own is a user token too.
        var fake = forge.Sign(forge.Header(), new JsonObject
        {
            ["iss"] = AuthgateFactory.Issuer, ["sub"] = await JaneIdAsync(), ["aud"] = ManagementAudience, ["iat"] = now, ["exp"] = now + 600,
            ["scope"] = "read:clients", ["gty"] = "client-credentials", ["azp"] = TestTenant.MachineClientId,
        });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await admin.SendAsync(HttpMethod.Get, "clients", bearer: fake), HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task The_stored_management_name_is_not_an_audience_clients_can_ask_for()
    {
        await (await http.PostFormAsync(Protocol.PasswordGrant(audience: "urn:authgate:management-api")))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Service not found: urn:authgate:management-api");
    }
}

using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Management;

/// <summary>Resource servers, client grants and the client-credentials grant they authorise.</summary>
public sealed class ApisAndGrantsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    private Task<HttpResponseMessage> ClientCredentialsAsync(string audience, string? scope = null, string clientId = TestTenant.MachineClientId, string secret = TestTenant.MachineClientSecret)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["audience"] = audience };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return http.PostFormAsync(form);
    }

    [Fact]
    public async Task Api_lifecycle_create_get_by_id_or_identifier_patch_delete()
    {
        var created = await management.PostAsync("resource-servers", new
        {
            name = "Orders",
            identifier = "https://orders.test/",
            signing_alg = "RS256",
            token_lifetime = 600,
            allow_offline_access = true,
            scopes = new[] { new { value = "read:orders", description = "Read" } },
        });
        var id = created["id"]!.GetValue<string>();

        created["is_system"]!.GetValue<bool>().Should().BeFalse();
        (await management.GetAsync($"resource-servers/{id}"))["identifier"]!.GetValue<string>().Should().Be("https://orders.test/");
        (await management.GetAsync($"resource-servers/{Uri.EscapeDataString("https://orders.test/")}"))["id"]!.GetValue<string>().Should().Be(id);

        var patched = await management.PatchAsync($"resource-servers/{id}", new { token_lifetime = 900 });
        patched["token_lifetime"]!.GetValue<int>().Should().Be(900);
        patched["scopes"]!.AsArray().Should().ContainSingle();
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: "https://orders.test/"))).ShouldSucceedAsync();
        json.GetProperty("expires_in").GetInt32().Should().Be(900);
        Protocol.Scopes(json).Should().Equal("read:orders");

        await management.DeleteAsync($"resource-servers/{id}");
        await (await http.PostFormAsync(Protocol.PasswordGrant(audience: "https://orders.test/"))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Service not found: https://orders.test/");
    }

    [Fact]
    public async Task Api_identifier_is_unique_and_immutable()
    {
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "resource-servers", new { name = "Dup", identifier = TestTenant.Api }), HttpStatusCode.Conflict);
        var id = (await management.GetAsync($"resource-servers/{Uri.EscapeDataString(TestTenant.Api)}"))["id"]!.GetValue<string>();

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, $"resource-servers/{id}", new { identifier = "https://other.test/" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_management_api_is_listed_as_a_system_api()
    {
        var apis = (await management.GetAsync("resource-servers")).AsArray();

        var system = apis.Single(a => a!["is_system"]!.GetValue<bool>())!;
        system["identifier"]!.GetValue<string>().Should().Be("https://authgate.test/api/v2/");
        system["scopes"]!.AsArray().Select(s => s!["value"]!.GetValue<string>()).Should().Contain("read:users");
    }

    [Fact]
    public async Task Client_credentials_without_a_client_grant_is_access_denied_with_auth0s_text()
    {
        var response = await ClientCredentialsAsync(TestTenant.Api);

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied",
            $"Client \"{TestTenant.MachineClientId}\" is not authorized to access resource server \"{TestTenant.Api}\". You need to create a \"client-grant\" associated to this API.");
    }

    [Fact]
    public async Task Client_grant_authorises_client_credentials_with_its_scopes_at_once()
    {
        var grant = await management.PostAsync("client-grants", new { client_id = TestTenant.MachineClientId, audience = TestTenant.HsApi, scope = new[] { "read:hs" } });

        var json = await (await ClientCredentialsAsync(TestTenant.HsApi)).ShouldSucceedAsync();

        Protocol.Scopes(json).Should().Equal("read:hs");
        json.TryGetProperty("refresh_token", out _).Should().BeFalse();
        json.TryGetProperty("id_token", out _).Should().BeFalse();
        var token = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        token.Subject.Should().Be(TestTenant.MachineClientId + "@clients");
        token.GetPayloadValue<string>("gty").Should().Be("client-credentials");
        token.GetPayloadValue<string>("azp").Should().Be(TestTenant.MachineClientId);
        (await Protocol.ValidateWithSecretAsync(json.GetProperty("access_token").GetString()!, TestTenant.HsApiSecret, TestTenant.HsApi, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();

        (await management.GetAsync($"client-grants?client_id={TestTenant.MachineClientId}")).AsArray().Should().ContainSingle();
        await management.DeleteAsync($"client-grants/{grant["id"]!.GetValue<string>()}");
        await (await ClientCredentialsAsync(TestTenant.HsApi)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied");
    }

    [Fact]
    public async Task Client_credentials_scopes_are_the_requested_subset_of_the_grant()
    {
        var grant = await management.PostAsync("client-grants", new { client_id = TestTenant.MachineClientId, audience = TestTenant.Api, scope = new[] { "read:sample", "write:sample" } });

        var narrowed = await (await ClientCredentialsAsync(TestTenant.Api, "write:sample admin:everything")).ShouldSucceedAsync();
        Protocol.Scopes(narrowed).Should().Equal("write:sample");

        await management.PatchAsync($"client-grants/{grant["id"]!.GetValue<string>()}", new { scope = new[] { "read:sample" } });
        var all = await (await ClientCredentialsAsync(TestTenant.Api)).ShouldSucceedAsync();
        Protocol.Scopes(all).Should().Equal("read:sample");
        Protocol.Decode(all.GetProperty("access_token").GetString()!).GetPayloadValue<string>("aud").Should().Be(TestTenant.Api);
        await management.DeleteAsync($"client-grants/{grant["id"]!.GetValue<string>()}");
    }

    [Fact]
    public async Task Client_grant_validation_duplicates_unknown_scopes_and_missing_references()
    {
        var grant = await management.PostAsync("client-grants", new { client_id = TestTenant.WebClientId, audience = TestTenant.Api, scope = new[] { "read:sample" } });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "client-grants", new { client_id = TestTenant.WebClientId, audience = TestTenant.Api, scope = new[] { "read:sample" } }), HttpStatusCode.Conflict);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "client-grants", new { client_id = TestTenant.HsClientId, audience = TestTenant.Api, scope = new[] { "fly:away" } }), HttpStatusCode.BadRequest, messageContains: "Payload validation error: scope must be a subset of resource server scopes");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "client-grants", new { client_id = "ghost", audience = TestTenant.Api, scope = Array.Empty<string>() }), HttpStatusCode.NotFound);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "client-grants", new { client_id = TestTenant.WebClientId, audience = "https://ghost.test/", scope = Array.Empty<string>() }), HttpStatusCode.NotFound);
        await management.DeleteAsync($"client-grants/{grant["id"]!.GetValue<string>()}");
    }

    [Fact]
    public async Task Client_credentials_errors()
    {
        await (await ClientCredentialsAsync(TestTenant.Api, secret: "wrong")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied", "Unauthorized");
        await (await ClientCredentialsAsync("https://ghost.test/")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "Service not found: https://ghost.test/");
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = TestTenant.MachineClientId, ["client_secret"] = TestTenant.MachineClientSecret };
        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied", "No audience parameter was provided, and no default audience has been configured");
        await (await ClientCredentialsAsync(TestTenant.Api, clientId: TestTenant.WebClientId, secret: TestTenant.WebClientSecret))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "unauthorized_client", "Grant type 'client_credentials' not allowed for the client.");
    }
}

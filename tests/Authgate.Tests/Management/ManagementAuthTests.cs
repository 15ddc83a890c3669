using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Management;

public sealed class ManagementAuthTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Fact]
    public async Task Bootstrap_client_gets_a_management_token_with_every_scope()
    {
        var json = await (await http.PostFormAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = AuthgateFactory.ManagementClientId,
            ["client_secret"] = AuthgateFactory.ManagementClientSecret,
            ["audience"] = "https://authgate.test/api/v2/",
        })).ShouldSucceedAsync();

        json.GetProperty("expires_in").GetInt32().Should().Be(86400);
        Protocol.Scopes(json).Should().Contain(["read:clients", "create:users", "update:tenant_settings", "read:logs"]);
        var token = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        token.Subject.Should().Be(AuthgateFactory.ManagementClientId + "@clients");
        token.GetPayloadValue<string>("gty").Should().Be("client-credentials");
        token.GetPayloadValue<string>("aud").Should().Be("https://authgate.test/api/v2/");
    }

    [Fact]
    public async Task No_token_is_401_missing_authentication()
    {
        var response = await new Infrastructure.Management(http).SendAsync(HttpMethod.Get, "clients", bearer: "");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/clients");

        var anonymous = await http.SendAsync(request);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(anonymous, HttpStatusCode.Unauthorized, messageContains: "Missing authentication");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Garbage_token_is_401_invalid_token()
    {
        var response = await new Infrastructure.Management(http).SendAsync(HttpMethod.Get, "clients", bearer: "not-a-token");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_token", "Invalid token");
    }

    [Fact]
    public async Task Token_for_another_audience_is_401()
    {
        var apiToken = (await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "read:sample"))).ShouldSucceedAsync()).GetProperty("access_token").GetString()!;

        var response = await new Infrastructure.Management(http).SendAsync(HttpMethod.Get, "clients", bearer: apiToken);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Token_without_the_needed_scope_is_403_insufficient_scope()
    {
        var token = await Infrastructure.Management.TokenAsync(http, scope: "read:clients");
        var management = new Infrastructure.Management(http);

        var response = await management.SendAsync(HttpMethod.Get, "users", bearer: token);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.Forbidden, "insufficient_scope", "Insufficient scope, expected any of: read:users");
        (await management.SendAsync(HttpMethod.Get, "clients", bearer: token)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Expired_management_token_is_401()
    {
        var token = await Infrastructure.Management.TokenAsync(http);
        factory.Clock.Advance(TimeSpan.FromSeconds(86400));

        var response = await new Infrastructure.Management(http).SendAsync(HttpMethod.Get, "clients", bearer: token);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Unknown_ids_are_404_in_the_management_shape()
    {
        var management = new Infrastructure.Management(http);

        foreach (var path in new[] { "clients/nope", "resource-servers/nope", "connections/nope", "users/auth0|nope", "keys/signing/nope", "logs/nope" })
        {
            await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, path), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Bad_paging_is_400_invalid_query_string()
    {
        var response = await new Infrastructure.Management(http).SendAsync(HttpMethod.Get, "clients?per_page=1000");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_query_string");
    }
}

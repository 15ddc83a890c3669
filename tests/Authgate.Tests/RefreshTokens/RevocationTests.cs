using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.RefreshTokens;

public sealed class RevocationTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private async Task<string> LoginAsync(string clientId = TestTenant.WebClientId, string? secret = TestTenant.WebClientSecret) =>
        (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret, scope: "offline_access"))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;

    private static Dictionary<string, string> Revoke(string token, string clientId = TestTenant.WebClientId, string? secret = TestTenant.WebClientSecret)
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["client_id"] = clientId };
        if (secret is not null)
        {
            form["client_secret"] = secret;
        }

        return form;
    }

    [Fact]
    public async Task Revoke_with_a_form_body_answers_200_empty_and_the_token_stops_working()
    {
        var token = await LoginAsync();

        var response = await http.PostFormAsync(Revoke(token), "/oauth/revoke");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
        await (await http.PostFormAsync(Protocol.RefreshGrant(token))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");
    }

    [Fact]
    public async Task Revoke_with_a_json_body_as_node_auth0_sends_it()
    {
        var token = await LoginAsync();
        var body = $$"""{"client_id":"{{TestTenant.WebClientId}}","client_secret":"{{TestTenant.WebClientSecret}}","token":"{{token}}"}""";

        var response = await http.PostRawAsync(body, "application/json", "/oauth/revoke");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await (await http.PostFormAsync(Protocol.RefreshGrant(token))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
    }

    [Fact]
    public async Task Revoke_with_basic_client_authentication()
    {
        var token = await LoginAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/revoke") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestTenant.WebClientId}:{TestTenant.WebClientSecret}")));

        (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await http.PostFormAsync(Protocol.RefreshGrant(token))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
    }

    [Fact]
    public async Task Public_client_revokes_with_its_id_only()
    {
        var token = await LoginAsync(TestTenant.PublicClientId, null);

        (await http.PostFormAsync(Revoke(token, TestTenant.PublicClientId, null), "/oauth/revoke")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await http.PostFormAsync(Protocol.RefreshGrant(token, TestTenant.PublicClientId, null))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
    }

    [Fact]
    public async Task Unknown_token_is_200_too()
    {
        var response = await http.PostFormAsync(Revoke("v1.never-issued"), "/oauth/revoke");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Missing_token_is_invalid_request()
    {
        var form = Revoke("x");
        form.Remove("token");

        await (await http.PostFormAsync(form, "/oauth/revoke")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "Missing required parameter: token");
    }

    [Fact]
    public async Task Wrong_client_secret_is_401_and_revokes_nothing()
    {
        var token = await LoginAsync();

        await (await http.PostFormAsync(Revoke(token, secret: "wrong"), "/oauth/revoke")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied", "Unauthorized");
        await (await http.PostFormAsync(Protocol.RefreshGrant(token))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Another_clients_token_is_refused_and_keeps_working()
    {
        var token = await LoginAsync();

        await (await http.PostFormAsync(Revoke(token, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret), "/oauth/revoke"))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "unauthorized_client");
        await (await http.PostFormAsync(Protocol.RefreshGrant(token))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Revoking_a_rotated_successor_revokes_the_whole_family()
    {
        var first = (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.LeewayClientId, clientSecret: TestTenant.LeewayClientSecret, scope: "offline_access"))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;
        var second = (await (await http.PostFormAsync(Protocol.RefreshGrant(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;

        (await http.PostFormAsync(Revoke(second, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret), "/oauth/revoke")).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await http.PostFormAsync(Protocol.RefreshGrant(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await http.PostFormAsync(Protocol.RefreshGrant(second, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
    }
}

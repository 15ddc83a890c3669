using System.Net;
using System.Net.Http.Headers;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Endpoints;

public sealed class UserInfoTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private async Task<string> AccessTokenAsync(string scope, string audience = TestTenant.Api) =>
        (await (await http.PostFormAsync(Protocol.PasswordGrant(scope: scope, audience: audience))).ShouldSucceedAsync())
            .GetProperty("access_token").GetString()!;

    private Task<HttpResponseMessage> UserInfoAsync(HttpMethod method, string? token)
    {
        var request = new HttpRequestMessage(method, "/userinfo");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http.SendAsync(request);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Userinfo_returns_the_claims_of_the_granted_scopes(string method)
    {
        var token = await AccessTokenAsync("openid profile email");

        var response = await UserInfoAsync(new HttpMethod(method), token);

        var json = await response.ShouldSucceedAsync();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        json.GetProperty("sub").GetString().Should().Be(Protocol.Decode(token).Subject);
        json.GetProperty("name").GetString().Should().Be("Jane Example");
        json.GetProperty("nickname").GetString().Should().Be("jane");
        json.GetProperty("email").GetString().Should().Be(TestTenant.JaneEmail);
        json.GetProperty("email_verified").GetBoolean().Should().BeTrue();
        json.GetProperty("updated_at").GetString().Should().EndWith("Z");
        (await response.Content.ReadAsStringAsync()).Should().Contain("?s=480&r=pg&d=", "URLs are written as Auth0 writes them, unescaped");
    }

    [Fact]
    public async Task Userinfo_leaves_out_claims_of_scopes_not_granted()
    {
        var token = await AccessTokenAsync("openid email");

        var json = await (await UserInfoAsync(HttpMethod.Get, token)).ShouldSucceedAsync();

        json.TryGetProperty("email", out _).Should().BeTrue();
        json.TryGetProperty("name", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Userinfo_without_a_token_is_401_with_a_bearer_challenge()
    {
        var response = await UserInfoAsync(HttpMethod.Get, null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer realm=\"Users\"");
        (await response.Content.ReadAsStringAsync()).Should().Be("Unauthorized");
    }

    [Fact]
    public async Task Userinfo_with_a_garbage_token_is_401_invalid_token()
    {
        var response = await UserInfoAsync(HttpMethod.Get, "not.a.token");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("error=\"invalid_token\"");
    }

    [Fact]
    public async Task Token_without_the_userinfo_audience_is_rejected()
    {
        var token = await AccessTokenAsync("read:sample");

        var response = await UserInfoAsync(HttpMethod.Get, token);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("error=\"invalid_token\"");
    }

    [Fact]
    public async Task Hs256_api_token_is_not_valid_at_userinfo()
    {
        var token = await AccessTokenAsync("openid", TestTenant.HsApi);

        (await UserInfoAsync(HttpMethod.Get, token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Expired_token_is_rejected_to_the_second()
    {
        var token = await AccessTokenAsync("openid");
        var exp = Protocol.Decode(token).GetPayloadValue<long>("exp");

        factory.Clock.Advance(TimeSpan.FromSeconds(exp - factory.Clock.GetUtcNow().ToUnixTimeSeconds() - 1));
        (await UserInfoAsync(HttpMethod.Get, token)).StatusCode.Should().Be(HttpStatusCode.OK, "one second before exp");

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var response = await UserInfoAsync(HttpMethod.Get, token);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer realm=\"Users\", error=\"invalid_token\", error_description=\"The token has expired\"");
    }
}

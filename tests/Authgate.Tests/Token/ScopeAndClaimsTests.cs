using System.Net.Http.Json;
using System.Text.Json;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Token;

public sealed class ScopeAndClaimsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private async Task<JsonElement> TokensAsync(string? scope, string audience = TestTenant.Api, string clientId = TestTenant.WebClientId, string secret = TestTenant.WebClientSecret) =>
        await (await http.PostFormAsync(Protocol.PasswordGrant(scope: scope, audience: audience, clientId: clientId, clientSecret: secret))).ShouldSucceedAsync();

    [Fact]
    public async Task No_api_scope_requested_grants_every_scope_of_the_api()
    {
        var json = await TokensAsync(scope: null);

        Protocol.Scopes(json).Should().Equal("read:sample", "write:sample");
    }

    [Fact]
    public async Task Requested_api_scopes_are_granted_as_requested()
    {
        var json = await TokensAsync("write:sample");

        Protocol.Scopes(json).Should().Equal("write:sample");
    }

    [Fact]
    public async Task Only_openid_grants_all_standard_oidc_scopes_and_all_api_scopes()
    {
        var json = await TokensAsync("openid");

        Protocol.Scopes(json).Should().Equal("openid", "profile", "email", "address", "phone", "read:sample", "write:sample");
    }

    [Fact]
    public async Task Openid_with_another_oidc_scope_is_granted_as_requested()
    {
        var json = await TokensAsync("openid email read:sample");

        Protocol.Scopes(json).Should().Equal("openid", "email", "read:sample");
    }

    [Fact]
    public async Task Api_scopes_the_api_does_not_define_are_dropped()
    {
        var json = await TokensAsync("read:sample delete:everything");

        Protocol.Scopes(json).Should().Equal("read:sample");
    }

    [Fact]
    public async Task Access_token_carries_auth0_claims_and_validates_against_the_served_jwks()
    {
        var json = await TokensAsync("read:sample");
        var accessToken = json.GetProperty("access_token").GetString()!;

        var validation = await Protocol.ValidateWithJwksAsync(http, accessToken, TestTenant.Api, factory.Clock.GetUtcNow());

        validation.IsValid.Should().BeTrue(validation.Exception?.Message);
        var token = Protocol.Decode(accessToken);
        token.Issuer.Should().Be("https://authgate.test/");
        token.Alg.Should().Be("RS256");
        token.Typ.Should().Be("JWT");
        token.Kid.Should().NotBeNullOrEmpty();
        token.Subject.Should().MatchRegex("^auth0\\|[0-9a-f]{24}$");
        token.GetPayloadValue<string>("aud").Should().Be(TestTenant.Api, "without openid the audience is a plain string");
        token.GetPayloadValue<string>("azp").Should().Be(TestTenant.WebClientId);
        token.GetPayloadValue<string>("gty").Should().Be("password");
        token.GetPayloadValue<string>("scope").Should().Be("read:sample");
        var iat = token.GetPayloadValue<long>("iat");
        iat.Should().Be(factory.Clock.GetUtcNow().ToUnixTimeSeconds());
        token.GetPayloadValue<long>("exp").Should().Be(iat + 7200);
    }

    [Fact]
    public async Task Openid_on_an_rs256_api_adds_the_userinfo_audience()
    {
        var json = await TokensAsync("openid read:sample");

        Protocol.Decode(json.GetProperty("access_token").GetString()!).Audiences.Should().Equal(TestTenant.Api, "https://authgate.test/userinfo");
    }

    [Fact]
    public async Task Hs256_api_token_has_a_single_audience_and_is_signed_with_the_api_secret()
    {
        var json = await TokensAsync("openid", audience: TestTenant.HsApi);
        var accessToken = json.GetProperty("access_token").GetString()!;

        var token = Protocol.Decode(accessToken);
        token.Alg.Should().Be("HS256");
        token.GetPayloadValue<string>("aud").Should().Be(TestTenant.HsApi);
        (await Protocol.ValidateWithSecretAsync(accessToken, TestTenant.HsApiSecret, TestTenant.HsApi, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();
        json.GetProperty("expires_in").GetInt32().Should().Be(86400, "the API's default token lifetime");
    }

    [Fact]
    public async Task Id_token_is_issued_for_openid_with_profile_and_email_claims()
    {
        var json = await TokensAsync("openid profile email");
        var idToken = json.GetProperty("id_token").GetString()!;

        var validation = await Protocol.ValidateWithJwksAsync(http, idToken, TestTenant.WebClientId, factory.Clock.GetUtcNow());
        validation.IsValid.Should().BeTrue(validation.Exception?.Message);
        var token = Protocol.Decode(idToken);
        token.GetPayloadValue<string>("aud").Should().Be(TestTenant.WebClientId);
        token.GetPayloadValue<string>("name").Should().Be("Jane Example");
        token.GetPayloadValue<string>("given_name").Should().Be("Jane");
        token.GetPayloadValue<string>("family_name").Should().Be("Example");
        token.GetPayloadValue<string>("nickname").Should().Be("jane");
        token.GetPayloadValue<string>("picture").Should().StartWith("https://s.gravatar.com/avatar/");
        token.GetPayloadValue<string>("email").Should().Be(TestTenant.JaneEmail);
        token.GetPayloadValue<bool>("email_verified").Should().BeTrue();
        token.GetPayloadValue<string>("updated_at").Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        token.GetPayloadValue<long>("exp").Should().Be(token.GetPayloadValue<long>("iat") + 36000);
    }

    [Fact]
    public async Task Id_token_claims_follow_the_granted_scopes()
    {
        var json = await TokensAsync("openid email");

        var token = Protocol.Decode(json.GetProperty("id_token").GetString()!);
        token.TryGetPayloadValue<string>("email", out _).Should().BeTrue();
        token.TryGetPayloadValue<string>("name", out _).Should().BeFalse();
        token.TryGetPayloadValue<string>("updated_at", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Client_with_hs256_id_tokens_gets_them_signed_with_its_secret()
    {
        var json = await TokensAsync("openid", clientId: TestTenant.HsClientId, secret: TestTenant.HsClientSecret);
        var idToken = json.GetProperty("id_token").GetString()!;

        Protocol.Decode(idToken).Alg.Should().Be("HS256");
        (await Protocol.ValidateWithSecretAsync(idToken, TestTenant.HsClientSecret, TestTenant.HsClientId, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();
        Protocol.Decode(idToken).GetPayloadValue<long>("exp").Should().Be(Protocol.Decode(idToken).GetPayloadValue<long>("iat") + 600);
    }

    [Fact]
    public async Task Access_token_is_signed_by_the_current_key_published_in_the_jwks()
    {
        var json = await TokensAsync(null);
        var jwks = await http.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");

        var kids = jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        kids.Should().HaveCount(2, "the current key and the next one");
        kids.Should().Contain(Protocol.Decode(json.GetProperty("access_token").GetString()!).Kid);
        kids[0].Should().Be(Protocol.Decode(json.GetProperty("access_token").GetString()!).Kid, "the current key is listed first");
    }
}

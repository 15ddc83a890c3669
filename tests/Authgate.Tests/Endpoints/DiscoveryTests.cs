using System.Net.Http.Json;
using System.Text.Json;
using Authgate.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Endpoints;

public sealed class DiscoveryTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Discovery_lists_the_issuer_endpoints_and_rs256(string path)
    {
        var json = await http.GetFromJsonAsync<JsonElement>(path);

        json.GetProperty("issuer").GetString().Should().Be("https://authgate.test/");
        json.GetProperty("token_endpoint").GetString().Should().Be("https://authgate.test/oauth/token");
        json.GetProperty("userinfo_endpoint").GetString().Should().Be("https://authgate.test/userinfo");
        json.GetProperty("jwks_uri").GetString().Should().Be("https://authgate.test/.well-known/jwks.json");
        json.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()).Should().Contain("RS256");
        json.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString())
            .Should().BeEquivalentTo("client_secret_basic", "client_secret_post", "private_key_jwt");
        json.GetProperty("subject_types_supported").EnumerateArray().Select(e => e.GetString()).Should().Equal("public");
        json.TryGetProperty("authorization_endpoint", out _).Should().BeFalse("only what Authgate supports is listed");
    }

    [Fact]
    public async Task Jwks_publishes_rsa_signing_keys_with_certificates()
    {
        var text = await http.GetStringAsync("/.well-known/jwks.json");
        var set = new JsonWebKeySet(text);

        set.Keys.Should().HaveCount(2);
        foreach (var key in set.Keys)
        {
            key.Kty.Should().Be("RSA");
            key.Use.Should().Be("sig");
            key.Alg.Should().Be("RS256");
            key.E.Should().Be("AQAB");
            key.X5c.Should().ContainSingle();
            key.X5t.Should().NotBeNullOrEmpty();
            Base64UrlEncoder.DecodeBytes(key.N).Length.Should().Be(256, "RSA-2048");
            key.Kid.Should().Be(Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()), "the kid is the RFC 7638 thumbprint");
        }

        // The certificates are plain base64 as Auth0 writes them: '+' and '/' themselves, not "\u002B".
        text.Should().NotContain("\\u", "nothing in a key set needs a JSON escape");
    }
}

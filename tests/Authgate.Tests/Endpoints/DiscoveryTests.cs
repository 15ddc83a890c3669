using System.Net;
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

    [Theory]
    [InlineData("/.well-known/jwks.json", "/.well-known/JWKS.json")]
    [InlineData("/.well-known/openid-configuration", "/.well-known/OpenID-Configuration")]
    [InlineData("/.well-known/oauth-authorization-server", "/.well-known/OAuth-Authorization-Server")]
    public async Task The_usual_request_answered_ahead_of_routing_matches_the_endpoints_answer(string path, string otherCase)
    {
        // The exact path is answered before routing; another letter case reaches the endpoint. Both must agree.
        using var early = await http.GetAsync(path);
        using var routed = await http.GetAsync(otherCase);

        early.StatusCode.Should().Be(HttpStatusCode.OK);
        routed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await early.Content.ReadAsByteArrayAsync()).Should().Equal(await routed.Content.ReadAsByteArrayAsync());
        Headers(early).Should().BeEquivalentTo(Headers(routed));
        early.Headers.CacheControl!.ToString().Should().Be("public, max-age=15, stale-while-revalidate=15, stale-if-error=86400");
        early.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        early.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task Other_methods_on_the_documents_are_still_refused(string method)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/.well-known/jwks.json"));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET");
    }

    [Fact]
    public async Task Documents_answered_ahead_of_routing_keep_their_route_in_the_request_metrics()
    {
        // Requests to these paths in another letter case reach the endpoint, which names the route itself; this class's
        // tests run one at a time, and other classes ask for the exact paths only, so what is counted here is ours.
        // (One scrape: the exporter answers a second scrape within 300 ms from its cache.)
        using var observed = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?> { ["Authgate:Observability:Prometheus"] = "true" });
        var client = observed.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/.well-known/jwks.json")).EnsureSuccessStatusCode();
        }

        var text = await client.GetStringAsync("/metrics");
        PrometheusText.Sample(text, "http_server_request_duration_seconds_count", "http_route=\"/.well-known/jwks.json\"", "http_response_status_code=\"200\"")
            .Should().BeGreaterThanOrEqualTo(3);
    }

    private static Dictionary<string, string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date")
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value));
}

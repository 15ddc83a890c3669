using System.Net;
using System.Security.Cryptography;
using Authgate.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Management;

public sealed class PrivateKeyJwtTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());
    private readonly RSA key = TestKeys.Client();

    private async Task<string> CreateClientAsync(string alg = "RS256")
    {
        var created = await management.PostAsync("clients", new
        {
            name = "Signed " + Guid.NewGuid().ToString("N")[..8],
            app_type = "non_interactive",
            grant_types = new[] { "password", "client_credentials" },
            client_authentication_methods = new
            {
                private_key_jwt = new { credentials = new[] { new { credential_type = "public_key", name = "main", pem = key.ExportSubjectPublicKeyInfoPem(), alg } } },
            },
        });
        var clientId = created["client_id"]!.GetValue<string>();
        created["client_authentication_methods"]!["private_key_jwt"]!["credentials"]!.AsArray().Should().ContainSingle();
        await ConnectionClients.EnableAsync(management, clientId);
        return clientId;
    }

    private string Assertion(string clientId, string? audience = null, TimeSpan? lifetime = null, string? jti = null, string alg = SecurityAlgorithms.RsaSha256, string? subject = null)
    {
        var now = factory.Clock.GetUtcNow();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["iss"] = clientId,
                ["sub"] = subject ?? clientId,
                ["aud"] = audience ?? AuthgateFactory.Issuer,
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(1))).ToUnixTimeSeconds(),
                ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), alg),
        });
    }

    private Task<HttpResponseMessage> LoginAsync(string clientId, string assertion)
    {
        var form = Protocol.PasswordGrant(clientId: clientId, clientSecret: null);
        form.Remove("client_id");
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = assertion;
        return http.PostFormAsync(form);
    }

    [Fact]
    public async Task A_signed_assertion_authenticates_the_client()
    {
        var clientId = await CreateClientAsync();

        var json = await (await LoginAsync(clientId, Assertion(clientId))).ShouldSucceedAsync();

        Protocol.Decode(json.GetProperty("access_token").GetString()!).GetPayloadValue<string>("azp").Should().Be(clientId);
        await (await LoginAsync(clientId, Assertion(clientId, audience: AuthgateFactory.Issuer + "oauth/token"))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task A_replayed_jti_is_refused()
    {
        var clientId = await CreateClientAsync();
        var assertion = Assertion(clientId, jti: "once");

        await (await LoginAsync(clientId, assertion)).ShouldSucceedAsync();
        await (await LoginAsync(clientId, assertion)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_client", "client_assertion jti has already been used.");
    }

    [Fact]
    public async Task Assertions_that_break_a_rule_are_401_invalid_client()
    {
        var clientId = await CreateClientAsync();

        foreach (var assertion in new[]
        {
            Assertion(clientId, audience: "https://elsewhere.test/"),
            Assertion(clientId, lifetime: TimeSpan.FromMinutes(6)),
            Assertion(clientId, lifetime: TimeSpan.FromSeconds(-30)),
            Assertion(clientId, alg: SecurityAlgorithms.RsaSsaPssSha256),
            Assertion(clientId, subject: "someone-else"),
            Assertion(clientId, jti: new string('j', 65)),
            "not.a.jwt",
            Assertion(clientId) + new string('x', 2048),
        })
        {
            await (await LoginAsync(clientId, assertion)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_client");
        }
    }

    [Fact]
    public async Task Another_key_cannot_sign_for_the_client()
    {
        var clientId = await CreateClientAsync();
        var other = TestKeys.Client(1);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["iss"] = clientId, ["sub"] = clientId, ["aud"] = AuthgateFactory.Issuer, ["jti"] = "x1" },
            Expires = factory.Clock.GetUtcNow().AddMinutes(1).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(other), SecurityAlgorithms.RsaSha256),
        });

        await (await LoginAsync(clientId, forged)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task A_key_client_cannot_fall_back_to_a_secret_and_a_secret_client_cannot_assert()
    {
        var clientId = await CreateClientAsync();
        var secret = (await management.GetAsync($"clients/{clientId}"))["client_secret"]!.GetValue<string>();

        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied");
        await (await LoginAsync(TestTenant.WebClientId, Assertion(TestTenant.WebClientId))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Credentials_can_be_listed_added_and_removed()
    {
        var clientId = await CreateClientAsync();
        var second = TestKeys.Client(2);

        var added = await management.PostAsync($"clients/{clientId}/credentials", new { credential_type = "public_key", pem = second.ExportSubjectPublicKeyInfoPem(), alg = "RS256" });
        (await management.GetAsync($"clients/{clientId}/credentials")).AsArray().Should().HaveCount(2);
        await management.DeleteAsync($"clients/{clientId}/credentials/{added["id"]!.GetValue<string>()}");
        (await management.GetAsync($"clients/{clientId}/credentials")).AsArray().Should().ContainSingle();
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, $"clients/{clientId}/credentials", new { credential_type = "public_key", pem = "garbage", alg = "RS256" }), HttpStatusCode.BadRequest, messageContains: "pem");
    }
}

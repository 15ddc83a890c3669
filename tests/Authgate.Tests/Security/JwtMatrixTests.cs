using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Authgate.Tests.Management;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Security;

/// <summary>
/// One validation policy for every JWT Authgate accepts: the same matrix of forged, foreign and malformed tokens is
/// refused by the Management API, by /userinfo, by the MFA API and as a private_key_jwt client assertion, while the untouched
/// baseline of each is accepted (so every refusal is about the one thing a case changes).
/// </summary>
public sealed class JwtMatrixTests : IClassFixture<AuthgateFactory>
{
    private readonly AuthgateFactory factory;
    private readonly HttpClient http;
    private readonly Infrastructure.Management admin;
    private readonly TokenForge forge;
    private readonly RSA clientKey = TestKeys.Client();

    public JwtMatrixTests(AuthgateFactory factory)
    {
        this.factory = factory;
        http = factory.CreateClient();
        admin = new Infrastructure.Management(factory.CreateClient());
        forge = new TokenForge(factory);
    }

    public static TheoryData<string> Forgeries() =>
    [
        "alg-none", "alg-None", "alg-missing", "hs256-with-public-key-der", "hs256-with-public-jwk", "unknown-kid", "kid-traversal",
        "foreign-key", "jwk-header", "jku-header", "x5u-header", "tampered", "expired", "exp-missing", "nbf-ahead", "wrong-iss",
        "iss-slash-toggled", "aud-trailing-slash-changed", "aud-upper-case-host", "aud-default-port", "crit-unknown", "crit-empty",
        "duplicate-alg", "jwe", "garbage", "two-parts",
    ];

    /// <summary>The token kinds that are not access tokens at all.</summary>
    public static TheoryData<string> OtherTokenKinds() => ["id-token", "refresh-token"];

    private enum Target
    {
        Management,
        UserInfo,
        Assertion,
        MfaApi,
    }

    private sealed record Baseline(JsonObject Header, JsonObject Payload, RSA? Key);

    private async Task<Baseline> BaselineAsync(Target target, string? clientId = null)
    {
        var now = TokenForge.Now(factory);
        return target switch
        {
            Target.Management => new(forge.Header(), new JsonObject
            {
                ["iss"] = AuthgateFactory.Issuer, ["sub"] = TestTenant.MachineClientId + "@clients", ["aud"] = AuthgateFactory.Issuer + "api/v2/",
                ["iat"] = now, ["exp"] = now + 600, ["scope"] = "read:clients", ["gty"] = "client-credentials", ["azp"] = TestTenant.MachineClientId,
            }, null),
            Target.UserInfo => new(forge.Header(), new JsonObject
            {
                ["iss"] = AuthgateFactory.Issuer, ["sub"] = await JaneIdAsync(), ["aud"] = AuthgateFactory.Issuer + "userinfo",
                ["iat"] = now, ["exp"] = now + 600, ["scope"] = "openid email",
            }, null),
            Target.MfaApi => new(forge.Header(), new JsonObject
            {
                ["iss"] = AuthgateFactory.Issuer, ["sub"] = await JaneIdAsync(), ["aud"] = AuthgateFactory.Issuer + "mfa/",
                ["iat"] = now, ["exp"] = now + 600, ["scope"] = "read:authenticators",
            }, null),
            _ => new(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" }, new JsonObject
            {
                ["iss"] = clientId, ["sub"] = clientId, ["aud"] = AuthgateFactory.Issuer, ["iat"] = now, ["exp"] = now + 60,
                ["jti"] = Guid.NewGuid().ToString("N"),
            }, clientKey),
        };
    }

    private async Task<string> JaneIdAsync() =>
        (await admin.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!["user_id"]!.GetValue<string>();

    private string Forge(string kind, Baseline baseline)
    {
        var header = (JsonObject)baseline.Header.DeepClone();
        var payload = (JsonObject)baseline.Payload.DeepClone();
        var key = baseline.Key;
        var publicDer = key?.ExportSubjectPublicKeyInfo() ?? forge.PublicKeyBytes;
        string Sign() => forge.Sign(header, payload, key);
        string Aud(Func<string, string> change) => change(payload["aud"]!.GetValue<string>());
        switch (kind)
        {
            case "alg-none": header["alg"] = "none"; return TokenForge.Unsigned(header, payload);
            case "alg-None": header["alg"] = "None"; return TokenForge.Unsigned(header, payload);
            case "alg-missing": header.Remove("alg"); return Sign();
            case "hs256-with-public-key-der": header["alg"] = "HS256"; return TokenForge.SignHmac(header, payload, publicDer);
            case "hs256-with-public-jwk": header["alg"] = "HS256"; return TokenForge.SignHmac(header, payload, Encoding.UTF8.GetBytes(forge.PublicJwkJson));
            case "unknown-kid": header["kid"] = "not-a-key-of-ours"; return Sign();
            case "kid-traversal": header["kid"] = "../../../../dev/null"; return Sign();
            case "foreign-key": return forge.Sign(header, payload, TokenForge.Attacker);
            case "jwk-header":
                var jwk = TokenForge.Attacker.ExportParameters(false);
                header["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(jwk.Modulus), ["e"] = Base64UrlEncoder.Encode(jwk.Exponent) };
                return forge.Sign(header, payload, TokenForge.Attacker);
            case "jku-header": header["jku"] = "https://attacker.test/jwks.json"; return Sign();
            case "x5u-header": header["x5u"] = "https://attacker.test/cert.pem"; return Sign();
            case "tampered":
                var valid = Sign();
                payload["scope"] = "read:clients update:clients delete:clients openid email profile";
                payload["sub"] = payload["sub"]!.GetValue<string>() + "x";
                var parts = valid.Split('.');
                return parts[0] + "." + TokenForge.Encode(payload) + "." + parts[2];
            case "expired": payload["exp"] = TokenForge.Now(factory) - 1; return Sign();
            case "exp-missing": payload.Remove("exp"); return Sign();
            case "nbf-ahead": payload["nbf"] = TokenForge.Now(factory) + 3600; return Sign();
            case "wrong-iss": payload["iss"] = "https://evil.test/"; return Sign();
            case "iss-slash-toggled":
                var iss = payload["iss"]!.GetValue<string>();
                payload["iss"] = iss.EndsWith('/') ? iss.TrimEnd('/') : iss + "/";
                return Sign();
            case "aud-trailing-slash-changed": payload["aud"] = Aud(a => a.EndsWith('/') ? a.TrimEnd('/') : a + "/"); return Sign();
            case "aud-upper-case-host": payload["aud"] = Aud(a => a.Replace("authgate.test", "AUTHGATE.TEST", StringComparison.Ordinal).Replace("https", "HTTPS", StringComparison.Ordinal)); return Sign();
            case "aud-default-port": payload["aud"] = Aud(a => a.Replace("authgate.test/", "authgate.test:443/", StringComparison.Ordinal)); return Sign();
            case "crit-unknown": header["crit"] = new JsonArray("exp-extension"); header["exp-extension"] = true; return Sign();
            case "crit-empty": header["crit"] = new JsonArray(); return Sign();
            case "duplicate-alg":
                var raw = header.ToJsonString().Replace("{\"alg\":\"RS256\"", "{\"alg\":\"none\",\"alg\":\"RS256\"", StringComparison.Ordinal);
                return forge.SignInput(Base64UrlEncoder.Encode(raw) + "." + TokenForge.Encode(payload), key);
            case "jwe":
                return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(),
                    new SigningCredentials(new RsaSecurityKey(TokenForge.Attacker) { KeyId = forge.Kid }, SecurityAlgorithms.RsaSha256),
                    new EncryptingCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), "dir", SecurityAlgorithms.Aes256CbcHmacSha512));
            case "garbage": return "not.a.jwt";
            case "two-parts": return Sign()[..Sign().LastIndexOf('.')];
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private Task<HttpResponseMessage> CallManagementAsync(string token) => admin.SendAsync(HttpMethod.Get, "clients", bearer: token);

    private async Task<HttpResponseMessage> CallUserInfoAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/userinfo");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> CallMfaApiAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mfa/authenticators");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await http.SendAsync(request);
    }

    private Task<HttpResponseMessage> LoginWithAssertionAsync(string assertion)
    {
        var form = Protocol.PasswordGrant(clientSecret: null);
        form.Remove("client_id");
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = assertion;
        return http.PostFormAsync(form);
    }

    private async Task<string> AssertionClientAsync()
    {
        var created = await admin.PostAsync("clients", new
        {
            name = "Matrix " + Guid.NewGuid().ToString("N")[..8],
            app_type = "non_interactive",
            grant_types = new[] { "password" },
            client_authentication_methods = new
            {
                private_key_jwt = new { credentials = new[] { new { credential_type = "public_key", name = "main", pem = clientKey.ExportSubjectPublicKeyInfoPem(), alg = "RS256" } } },
            },
        });
        var clientId = created["client_id"]!.GetValue<string>();
        await ConnectionClients.EnableAsync(admin, clientId);
        return clientId;
    }

    [Fact]
    public async Task The_untouched_baselines_are_accepted()
    {
        (await CallManagementAsync(forge.Sign((await BaselineAsync(Target.Management)).Header, (await BaselineAsync(Target.Management)).Payload))).StatusCode.Should().Be(HttpStatusCode.OK);
        var userInfo = await BaselineAsync(Target.UserInfo);
        (await CallUserInfoAsync(forge.Sign(userInfo.Header, userInfo.Payload))).StatusCode.Should().Be(HttpStatusCode.OK);
        var clientId = await AssertionClientAsync();
        var assertion = await BaselineAsync(Target.Assertion, clientId);
        await (await LoginWithAssertionAsync(forge.Sign(assertion.Header, assertion.Payload, clientKey))).ShouldSucceedAsync();
        var mfa = await BaselineAsync(Target.MfaApi);
        (await CallMfaApiAsync(forge.Sign(mfa.Header, mfa.Payload))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task The_management_api_refuses(string kind)
    {
        var response = await CallManagementAsync(Forge(kind, await BaselineAsync(Target.Management)));

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Userinfo_refuses(string kind)
    {
        var response = await CallUserInfoAsync(Forge(kind, await BaselineAsync(Target.UserInfo)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, kind);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token");
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task The_mfa_api_refuses(string kind)
    {
        var response = await CallMfaApiAsync(Forge(kind, await BaselineAsync(Target.MfaApi)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, kind);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        error["error"]!.GetValue<string>().Should().BeOneOf("invalid_grant", "expired_token");
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_client_assertion_is_refused(string kind)
    {
        var clientId = await AssertionClientAsync();

        var response = await LoginWithAssertionAsync(Forge(kind, await BaselineAsync(Target.Assertion, clientId)));

        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Theory]
    [MemberData(nameof(OtherTokenKinds))]
    public async Task Tokens_that_are_not_access_tokens_are_refused_as_bearer_tokens(string kind)
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: AuthgateFactory.Issuer + "api/v2/", scope: "openid offline_access read:current_user"))).ShouldSucceedAsync();
        var login = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "openid offline_access"))).ShouldSucceedAsync();
        var token = kind == "id-token" ? json.GetProperty("id_token").GetString()! : login.GetProperty("refresh_token").GetString()!;

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await CallManagementAsync(token), HttpStatusCode.Unauthorized, "invalid_token");
        (await CallUserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_from_an_api_named_like_the_management_api_without_its_slash_is_refused()
    {
        // An older version let an ordinary API take the identifier {issuer}api/v2; its tokens must not open /api/v2.
        await factory.WithDbAsync(async db =>
        {
            db.ResourceServers.Add(new Authgate.Storage.Entities.ResourceServer
            {
                Id = "legacylookalike0001", Identifier = AuthgateFactory.Issuer + "api/v2", Name = "Look-alike",
                Scopes = [new() { Value = "read:clients" }], SigningAlg = "RS256", TokenLifetimeSeconds = 600,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: AuthgateFactory.Issuer + "api/v2"))).ShouldSucceedAsync();

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await CallManagementAsync(json.GetProperty("access_token").GetString()!), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [InlineData("https://authgate.test/api/v2")]
    [InlineData("https://authgate.test/api/v2/")]
    [InlineData("HTTPS://AUTHGATE.TEST/api/v2/")]
    [InlineData("https://authgate.test:443/api/v2")]
    [InlineData("https://authgate.test/api%2Fv2")]
    [InlineData("https://authgate.test/userinfo")]
    [InlineData("https://Authgate.Test:443/userinfo/")]
    [InlineData("urn:authgate:management-api")]
    public async Task Apis_cannot_take_the_identifier_of_our_own_apis(string identifier)
    {
        var response = await admin.SendAsync(HttpMethod.Post, "resource-servers", new { name = "Look-alike", identifier });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body");
        (await admin.GetAsync("resource-servers")).AsArray().Where(r => !r!["is_system"]!.GetValue<bool>())
            .Select(r => r!["identifier"]!.GetValue<string>()).Should().NotContain(identifier);
    }
}

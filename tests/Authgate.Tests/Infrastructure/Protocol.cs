using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Infrastructure;

/// <summary>What a client does on the wire: post grants, read JSON and errors, check tokens against the JWKS.</summary>
public static class Protocol
{
    public static Dictionary<string, string> PasswordGrant(
        string username = TestTenant.JaneEmail,
        string password = TestTenant.JanePassword,
        string clientId = TestTenant.WebClientId,
        string? clientSecret = TestTenant.WebClientSecret,
        string? audience = TestTenant.Api,
        string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = username,
            ["password"] = password,
            ["client_id"] = clientId,
        };
        if (clientSecret is not null)
        {
            form["client_secret"] = clientSecret;
        }

        if (audience is not null)
        {
            form["audience"] = audience;
        }

        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return form;
    }

    public static Dictionary<string, string> RefreshGrant(string refreshToken, string clientId = TestTenant.WebClientId, string? clientSecret = TestTenant.WebClientSecret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId };
        if (clientSecret is not null)
        {
            form["client_secret"] = clientSecret;
        }

        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return form;
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient http, IDictionary<string, string> form, string path = "/oauth/token") =>
        http.PostAsync(path, new FormUrlEncodedContent(form));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient http, string body, string contentType, string path = "/oauth/token") =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    public static Task<HttpResponseMessage> PostBytesAsync(this HttpClient http, byte[] body, string contentType, string path = "/oauth/token")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return http.PostAsync(path, content);
    }

    /// <summary><c>GET /userinfo</c> with <paramref name="token"/> as the bearer token.</summary>
    public static async Task<HttpResponseMessage> UserInfoAsync(this HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/userinfo");
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an OAuth error: status, exact <c>error</c>, exact description when given, and no WWW-Authenticate.</summary>
    public static async Task ShouldBeErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string error, string? description = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be((int)status, ServerErrors.Because(response, body, status));
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        response.Headers.WwwAuthenticate.Should().BeEmpty();
        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("error").GetString().Should().Be(error, body);
        json.GetProperty("error_description").GetString().Should().NotBeNullOrEmpty();
        if (description is not null)
        {
            json.GetProperty("error_description").GetString().Should().Be(description);
        }
    }

    public static async Task ShouldFailWithAsync(this HttpResponseMessage response, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().BeInRange(400, 499, ServerErrors.Because(response, body));
        JsonDocument.Parse(body).RootElement.GetProperty("error").GetString().Should().Be(error, body);
    }

    public static async Task<JsonElement> ShouldSucceedAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, ServerErrors.Because(response, body, HttpStatusCode.OK));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static JsonWebToken Decode(string jwt) => new(jwt);

    public static IReadOnlyList<string> Audiences(JsonWebToken token) => token.Audiences.ToList();

    /// <summary>Validates a token as a resource server would: keys from the served JWKS, issuer, audience, lifetime.</summary>
    public static async Task<TokenValidationResult> ValidateWithJwksAsync(HttpClient http, string token, string audience, DateTimeOffset now)
    {
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks.json"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = AuthgateFactory.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            LifetimeValidator = (_, expires, _, _) => expires > now.UtcDateTime,
        });
    }

    public static async Task<TokenValidationResult> ValidateWithSecretAsync(string token, string secret, string audience, DateTimeOffset now) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = AuthgateFactory.Issuer,
            ValidAudience = audience,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, expires, _, _) => expires > now.UtcDateTime,
        });

    public static string[] Scopes(JsonElement response) => response.GetProperty("scope").GetString()!.Split(' ');
}

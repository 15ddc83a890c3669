using System.Net;
using System.Text;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Token;

/// <summary>Every malformed request gets a 4xx OAuth error, never a 500, writes nothing, and the server stays healthy.</summary>
public sealed class BadInputTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private static string GoodForm => string.Join('&', Protocol.PasswordGrant().Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "{\"grant_type\":\"password\",", "application/json" },
        { "[\"grant_type\",\"password\"]", "application/json" },
        { "{\"grant_type\":{\"nested\":true}}", "application/json" },
        { "{\"grant_type\":\"password\"} {\"again\":1}", "application/json" },
        { "grant_type=password&grant_type=password", "application/x-www-form-urlencoded" },
        { "{\"grant_type\":\"password\",\"grant_type\":\"password\"}", "application/json" },
        { "grant_type=password&username=%ZZ", "application/x-www-form-urlencoded" },
        { "grant_type=password", "text/plain" },
        { "<xml/>", "application/xml" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_bodies_are_invalid_request(string body, string contentType)
    {
        var response = await http.PostRawAsync(body, contentType);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_form_value_is_invalid_request()
    {
        var response = await http.PostRawAsync(GoodForm.Replace("password=", "password=%C3%28", StringComparison.Ordinal), "application/x-www-form-urlencoded");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Invalid_utf8_bytes_in_a_json_body_are_invalid_request()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"grant_type\":\"password\",\"username\":\"x\"}");
        bytes[Array.IndexOf(bytes, (byte)'x')] = 0xC3;

        var response = await http.PostBytesAsync(bytes, "application/json");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Body_over_64_KiB_is_rejected_with_413()
    {
        var response = await http.PostRawAsync(GoodForm + "&padding=" + new string('a', 70 * 1024), "application/x-www-form-urlencoded");

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "invalid_request");
    }

    [Fact]
    public async Task Absurdly_long_value_is_invalid_request()
    {
        var form = Protocol.PasswordGrant(username: new string('u', 10_000));

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "Parameter 'username' is too long.");
    }

    [Fact]
    public async Task Scope_of_the_wrong_type_is_invalid_scope()
    {
        var response = await http.PostRawAsync($"{{\"grant_type\":\"password\",\"scope\":42,\"client_id\":\"{TestTenant.WebClientId}\"}}", "application/json");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_scope", "Scope must be an array or a string");
    }

    [Fact]
    public async Task Scope_as_a_json_array_is_accepted()
    {
        var body = $$"""
            {"grant_type":"password","username":"{{TestTenant.JaneEmail}}","password":"{{TestTenant.JanePassword}}",
             "client_id":"{{TestTenant.WebClientId}}","client_secret":"{{TestTenant.WebClientSecret}}",
             "audience":"{{TestTenant.Api}}","scope":["openid","read:sample"]}
            """;

        var json = await (await http.PostRawAsync(body, "application/json")).ShouldSucceedAsync();

        Protocol.Scopes(json).Should().Contain(["openid", "read:sample"]);
    }

    [Fact]
    public async Task Malformed_basic_header_is_invalid_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(Protocol.PasswordGrant()) };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic !!!not-base64!!!");

        await (await http.SendAsync(request)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Get_on_the_token_endpoint_is_not_a_server_error()
    {
        var response = await http.GetAsync("/oauth/token");

        ((int)response.StatusCode).Should().BeInRange(400, 499);
    }

    [Fact]
    public async Task Bad_requests_write_nothing_and_the_server_stays_healthy()
    {
        var before = await LoginsCountAsync();
        foreach (var (body, type) in MalformedBodies.Select(row => ((string)row[0], (string)row[1])))
        {
            ((int)(await http.PostRawAsync(body, type)).StatusCode).Should().BeInRange(400, 499);
        }

        (await LoginsCountAsync()).Should().Be(before);
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        (await LoginsCountAsync()).Should().Be(before + 1);
    }

    private async Task<int> LoginsCountAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        return await db.Users.Where(u => u.Email == TestTenant.JaneEmail).Select(u => u.LoginsCount).SingleAsync();
    }
}

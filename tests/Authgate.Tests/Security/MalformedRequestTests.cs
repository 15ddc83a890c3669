using System.Net;
using System.Text;
using System.Text.Json;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Security;

/// <summary>
/// Requests a client library would never send, over a real socket: bad framing and bad request lines get a 4xx in
/// their endpoint's JSON shape (Kestrel's own bodiless answers included), never a 500 and never an empty body.
/// </summary>
public sealed class MalformedRequestTests(KestrelFactory kestrel) : IClassFixture<KestrelFactory>
{
    private readonly Uri server = kestrel.Server;
    private readonly string adminToken = kestrel.AdminToken;

    private const string AbsurdChunk = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n";

    public static TheoryData<string, string, int, bool> Requests() => new()
    {
        { "absurd chunk size, token", "POST /oauth/token HTTP/1.1\r\nHost: x\r\n" + AbsurdChunk, 400, false },
        { "absurd chunk size, revoke", "POST /oauth/revoke HTTP/1.1\r\nHost: x\r\n" + AbsurdChunk, 400, false },
        { "absurd chunk size, management", "POST /api/v2/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n" + AbsurdChunk, 400, true },
        { "bad request line", "GARBAGE\r\n\r\n", 400, false },
        { "URI too long, oauth", "GET /oauth/" + new string('a', 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, false },
        { "URI too long, management", "GET /api/v2/" + new string('a', 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, true },
        { "headers too large", "GET /api/v2/clients HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('b', 40_000) + "\r\n\r\n", 431, true },
        { "HTTP version", "POST /oauth/token HTTP/3.7\r\nHost: x\r\n\r\n", 505, false },
        { "length required", "POST /oauth/token HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, false },
        { "body too large", "POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 999999999\r\n\r\n", 413, false },
        { "body too large, management", "POST /api/v2/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n", 413, true },
        { "unknown path, oauth", "GET /oauth/nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404, false },
        { "unknown path, mfa", "POST /mfa/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 404, false },
        { "unknown path, management", "GET /api/v2/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n", 404, true },
        { "wrong method, token", "DELETE /oauth/token HTTP/1.1\r\nHost: x\r\n\r\n", 405, false },
        { "wrong method, userinfo", "DELETE /userinfo HTTP/1.1\r\nHost: x\r\n\r\n", 405, false },
        { "wrong method, management", "PUT /api/v2/clients HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405, true },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Errors_have_their_endpoints_json_shape(string name, string request, int status, bool management)
    {
        var response = await RawHttp.SendAsync(server, request.Replace("{token}", adminToken, StringComparison.Ordinal));

        response.Status.Should().Be(status, name + "\n" + response.Head);
        response.Header("Content-Type").Should().StartWith("application/json", name);
        var json = JsonDocument.Parse(response.Body).RootElement;
        if (management)
        {
            json.GetProperty("statusCode").GetInt32().Should().Be(status);
            json.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
            json.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
            json.GetProperty("errorCode").GetString().Should().NotBeNullOrEmpty();
        }
        else
        {
            json.GetProperty("error").GetString().Should().Be("invalid_request", name);
            json.GetProperty("error_description").GetString().Should().NotBeNullOrEmpty();
        }

        response.Body.Should().NotContain("Exception").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_head_request_to_an_unknown_path_gets_no_body()
    {
        var response = await RawHttp.SendAsync(server, "HEAD /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        response.Status.Should().Be(404);
        response.Body.Should().BeEmpty();
    }

    [Fact]
    public async Task The_server_keeps_answering_after_malformed_requests()
    {
        foreach (var (_, request, _, _) in Requests().Select(r => ((string)r[0], (string)r[1], (int)r[2], (bool)r[3])))
        {
            await RawHttp.SendAsync(server, request.Replace("{token}", adminToken, StringComparison.Ordinal));
        }

        using var http = new HttpClient { BaseAddress = server };
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Ids_with_slashes_dots_percents_pipes_and_non_ascii_are_addressable_over_a_real_socket()
    {
        using var http = new HttpClient { BaseAddress = server };
        var admin = new Infrastructure.Management(http);
        foreach (var given in new[] { "../../clients", "a/b/c", "100%", "50%2Fx", "x|y", "élève-日本", "..", "a%20b" })
        {
            var created = await admin.PostAsync("users", new { connection = TestTenant.Connection, email = $"{Guid.NewGuid():N}@example.test", password = TestTenant.Password, user_id = given });
            var id = created["user_id"]!.GetValue<string>();
            id.Should().Be("auth0|" + given);
            var path = "users/" + Uri.EscapeDataString(id);

            (await admin.GetAsync(path))["user_id"]!.GetValue<string>().Should().Be(id, given);
            (await admin.PatchAsync(path, new { nickname = "found" }))["nickname"]!.GetValue<string>().Should().Be("found", given);
            await admin.DeleteAsync(path);
            await Infrastructure.Management.ShouldBeManagementErrorAsync(await admin.SendAsync(HttpMethod.Get, path), HttpStatusCode.NotFound, "inexistent_user");
        }

        (await admin.GetAsync("clients")).AsArray().Should().NotBeEmpty("no id ever reached another route");
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("tab\there")]
    public async Task Ids_with_white_space_are_refused_as_auth0_does(string given)
    {
        using var http = new HttpClient { BaseAddress = server };
        var admin = new Infrastructure.Management(http);

        var response = await admin.SendAsync(HttpMethod.Post, "users", new { connection = TestTenant.Connection, email = "ws@example.test", password = TestTenant.Password, user_id = given });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body");
        (await admin.GetAsync("users-by-email?email=ws@example.test")).AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Invalid_utf8_in_a_token_request_is_a_400()
    {
        using var http = new HttpClient { BaseAddress = server };
        var body = Encoding.UTF8.GetBytes("{\"grant_type\":\"password\",\"username\":\"x\xFF\"}").Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray();

        await (await http.PostBytesAsync(body, "application/json")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await http.PostRawAsync("{\"grant_type\":\"password\",\"username\":\"\\ud800\",\"password\":\"x\",\"client_id\":\"" + TestTenant.WebClientId + "\"}", "application/json"))
            .ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }
}

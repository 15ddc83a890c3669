using System.Text;
using Authgate.Endpoints;
using Authgate.Json;
using Authgate.Tokens;
using Microsoft.AspNetCore.Http;

namespace Authgate.Tests.Unit;

/// <summary>Request parsing and JSON strictness, without a server.</summary>
public sealed class ParsingTests
{
    private static async Task<ProtocolRequestReader.Result> ReadAsync(string body, string contentType, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.ContentType = contentType;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return await ProtocolRequestReader.ReadAsync(context, 64 * 1024, CancellationToken.None);
    }

    [Theory]
    [InlineData("grant_type=password&username=a%40b&password=p+q", "application/x-www-form-urlencoded")]
    [InlineData("{\"grant_type\":\"password\",\"username\":\"a@b\",\"password\":\"p q\"}", "application/json")]
    [InlineData("{\"grant_type\":\"password\",\"username\":\"a@b\",\"password\":\"p q\",\"audience\":null,\"scope\":\"\"}", "application/json; charset=utf-8")]
    [InlineData("grant_type=password&username=a%40b&password=p+q", "APPLICATION/X-WWW-FORM-URLENCODED ; charset=\"utf-8\"")]
    // As ASP.NET's own form detection reads them (Microsoft.Net.Http.Headers): a trailing ';' and an empty value pass.
    [InlineData("grant_type=password&username=a%40b&password=p+q", "application/x-www-form-urlencoded;")]
    [InlineData("grant_type=password&username=a%40b&password=p+q", "application/x-www-form-urlencoded; charset=")]
    public async Task Form_and_json_read_the_same(string body, string type)
    {
        var read = await ReadAsync(body, type);

        read.Error.Should().BeNull();
        read.Request!["username"].Should().Be("a@b");
        read.Request["password"].Should().Be("p q");
        read.Request["audience"].Should().BeNull("null and empty mean absent");
        read.Request["scope"].Should().BeNull();
    }

    [Theory]
    [InlineData("a=1&a=2", "application/x-www-form-urlencoded", "more than once")]
    [InlineData("a=%ZZ", "application/x-www-form-urlencoded", "UTF-8")]
    [InlineData("a=%C3", "application/x-www-form-urlencoded", "UTF-8")]
    [InlineData("{\"a\":1,\"a\":2}", "application/json", "Duplicate")]
    [InlineData("{\"a\":\"\\ud800\"}", "application/json", "unpaired surrogate")]
    [InlineData("[1]", "application/json", "JSON object")]
    [InlineData("{\"scope\":{}}", "application/json", "Scope must be")]
    [InlineData("{\"a\":{\"b\":1}}", "application/json", "must be a string")]
    [InlineData("{} {}", "application/json", "not valid JSON")]
    [InlineData("x=1", "text/plain", "Content-Type")]
    [InlineData("x=1", "application/x-www-form-urlencoded garbage", "Content-Type")]
    [InlineData("x=1", "application/x-www-form-urlencoded, application/json", "Content-Type")]
    [InlineData("x=1", "application/*", "Content-Type")]
    [InlineData("x=1", "application/x-www-form-urlencoded; charset=\"utf-8", "Content-Type")]
    public async Task Malformed_bodies_are_errors_not_exceptions(string body, string type, string says)
    {
        var read = await ReadAsync(body, type);

        read.Request.Should().BeNull();
        read.Error!.Description.Should().Contain(says);
        read.Error.Status.Should().BeInRange(400, 499);
    }

    [Fact]
    public async Task Basic_credentials_are_form_decoded()
    {
        var read = await ReadAsync("", "application/x-www-form-urlencoded", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("my%3Aid:s%25cret")));

        read.Request!.Basic!.ClientId.Should().Be("my:id");
        read.Request.Basic.ClientSecret.Should().Be("s%cret");
    }

    [Theory]
    [InlineData("{\"a\":1}", null)]
    [InlineData("{\"a\":{\"b\":1,\"c\":[{\"b\":1},{\"b\":2}]}}", null)]
    [InlineData("{\"a\":1,\"a\":1}", "Duplicate property: a.")]
    [InlineData("{\"o\":{\"k\":1,\"k\":2}}", "Duplicate property: k.")]
    [InlineData("{\"\\udfff\":1}", "A property name holds an unpaired surrogate.")]
    [InlineData("{\"a\":\"x\\ud83d\"}", "A string holds an unpaired surrogate.")]
    [InlineData("{\"a\":\"\\ud83d\\ude00\"}", null)]
    [InlineData("{\"a\":1 /* c */, \"a\":2}", "Duplicate property: a.")]
    [InlineData("not json", null)]
    public void Strict_json(string json, string? problem) =>
        StrictJson.FindProblem(Encoding.UTF8.GetBytes(json)).Should().Be(problem);

    [Fact]
    public void Invalid_utf8_is_a_problem() =>
        StrictJson.FindProblem(new byte[] { (byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)':', (byte)'1', (byte)'}' }).Should().Contain("UTF-8");

    [Theory]
    [InlineData("{\"a\":\"\\ud800\"}", "{\"a\":\"\uFFFD\"}")]
    [InlineData("{\"a\":1}", null)]
    [InlineData("{\"\\udc00\":[\"\\ud800x\"]}", "{\"\uFFFD\":[\"\uFFFDx\"]}")]
    public void Stored_json_repair(string stored, string? repaired) => StoredJson.Repair(stored).Should().Be(repaired);

    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"k\"}", true)]
    [InlineData("{\"alg\":\"none\"}", false)]
    [InlineData("{\"alg\":\"RS256\",\"crit\":[]}", false)]
    [InlineData("{\"alg\":\"RS256\",\"jku\":\"https://x\"}", false)]
    [InlineData("{\"alg\":\"RS256\",\"jwk\":{}}", false)]
    [InlineData("{\"alg\":\"RS256\",\"x5u\":\"https://x\"}", false)]
    [InlineData("{\"alg\":\"RS256\",\"alg\":\"RS256\"}", false)]
    [InlineData("{\"kid\":\"k\"}", false)]
    [InlineData("[]", false)]
    public void Jwt_headers(string header, bool acceptable) =>
        JwtPolicy.HeaderIsAcceptable(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(header) + ".e30.sig").Should().Be(acceptable);

    [Theory]
    [InlineData("https://t.test/api/v2", true)]
    [InlineData("HTTPS://T.TEST:443/api/v2/", true)]
    [InlineData("https://t.test/api%2Fv2", true)]
    [InlineData("https://t.test/userinfo/", true)]
    [InlineData("urn:authgate:management-api", true)]
    [InlineData("https://t.test/api/v3", false)]
    [InlineData("https://other.test/api/v2/", false)]
    [InlineData("https://t.test:8443/api/v2/", false)]
    public void Reserved_api_identifiers(string identifier, bool reserved) =>
        ApiResolver.IsReservedIdentifier(identifier, "https://t.test/").Should().Be(reserved);
}

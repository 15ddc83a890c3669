using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Security;

public sealed class ResponseHeaderTests(KestrelFactory kestrel) : IClassFixture<KestrelFactory>
{
    [Theory]
    [InlineData("GET", "clients")]
    [InlineData("GET", "users")]
    [InlineData("GET", "nothing-here")]
    [InlineData("GET", "clients/unknown-client")]
    public async Task Every_management_answer_is_no_store(string method, string path)
    {
        using var http = kestrel.Client();
        var response = await new Infrastructure.Management(http).SendAsync(new HttpMethod(method), path, bearer: kestrel.AdminToken);

        response.Headers.CacheControl!.NoStore.Should().BeTrue(path);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse("plain HTTP never gets HSTS");
    }

    [Fact]
    public async Task An_unauthenticated_management_call_is_no_store_too()
    {
        using var http = kestrel.Client();
        var response = await http.GetAsync("/api/v2/clients");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Theory]
    [InlineData("/.well-known/jwks.json")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/userinfo")]
    [InlineData("/nothing")]
    public async Task Every_answer_says_nosniff(string path)
    {
        using var http = kestrel.Client();
        var response = await http.GetAsync(path);

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }
}

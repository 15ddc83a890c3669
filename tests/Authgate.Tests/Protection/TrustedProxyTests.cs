using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Protection;

/// <summary>X-Forwarded-For over a real socket: believed only from a configured proxy.</summary>
public sealed class TrustedProxyTests
{
    private static async Task<string?> LoggedIpAsync(IDictionary<string, string?> settings)
    {
        await using var factory = new AuthgateFactory(TestTenant.Create(), settings);
        factory.ListenOnLoopback();
        factory.StartServer();
        var address = factory.ServerAddress;
        using var http = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(Protocol.PasswordGrant()) };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.99");
        await (await http.SendAsync(request)).ShouldSucceedAsync();

        var entry = await new Infrastructure.Management(http, address.ToString()).WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s");
        return entry["ip"]?.GetValue<string>();
    }

    [Fact]
    public async Task X_forwarded_for_is_ignored_unless_the_proxy_is_configured()
    {
        (await LoggedIpAsync(new Dictionary<string, string?> { ["Authgate:Issuer"] = "" })).Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task X_forwarded_for_from_a_configured_proxy_gives_the_users_ip()
    {
        (await LoggedIpAsync(new Dictionary<string, string?> { ["Authgate:Issuer"] = "", ["Authgate:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" })).Should().Be("203.0.113.99");
    }
}

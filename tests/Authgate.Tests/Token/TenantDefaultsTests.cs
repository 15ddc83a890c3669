using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Token;

public sealed class TenantDefaultsTests
{
    [Fact]
    public async Task Password_grant_without_a_default_directory_is_500_server_error()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(defaultDirectory: null));
        var http = factory.CreateClient();

        var response = await http.PostFormAsync(Protocol.PasswordGrant());

        await response.ShouldBeErrorAsync(HttpStatusCode.InternalServerError, "server_error", "Authorization server not configured with default connection.");
    }

    [Fact]
    public async Task Password_realm_grant_works_without_a_default_directory()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(defaultDirectory: null));
        var form = Protocol.PasswordGrant();
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = TestTenant.Connection;

        await (await factory.CreateClient().PostFormAsync(form)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Default_audience_is_used_when_the_request_has_none()
    {
        using var factory = new AuthgateFactory(TestTenant.Create(defaultAudience: TestTenant.HsApi));

        var json = await (await factory.CreateClient().PostFormAsync(Protocol.PasswordGrant(audience: null))).ShouldSucceedAsync();

        Protocol.Decode(json.GetProperty("access_token").GetString()!).GetPayloadValue<string>("aud").Should().Be(TestTenant.HsApi);
        Protocol.Scopes(json).Should().Equal("read:hs");
    }

    [Fact]
    public async Task Without_any_audience_the_access_token_is_opaque_and_only_good_for_userinfo()
    {
        using var factory = new AuthgateFactory(TestTenant.Create());
        var http = factory.CreateClient();

        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: null, scope: "openid read:sample"))).ShouldSucceedAsync();

        var accessToken = json.GetProperty("access_token").GetString()!;
        accessToken.Split('.').Should().HaveCount(5, "an encrypted token, not a readable JWT");
        Protocol.Scopes(json).Should().Equal("openid", "profile", "email", "address", "phone");
        json.GetProperty("expires_in").GetInt32().Should().Be(86400);
        var userinfo = await (await http.UserInfoAsync(accessToken)).ShouldSucceedAsync();
        userinfo.GetProperty("email").GetString().Should().Be(TestTenant.JaneEmail);
    }
}

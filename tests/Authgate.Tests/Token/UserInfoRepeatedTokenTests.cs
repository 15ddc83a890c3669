using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Token;

/// <summary>
/// <c>/userinfo</c> remembers the tokens it accepted (<c>Tokens/ValidatedTokenCache</c>); a token presented again must
/// still stop at its expiry, when its signing key is revoked, and when its user is blocked.
/// </summary>
public sealed class UserInfoRepeatedTokenTests
{
    private static async Task<(string Token, int ExpiresIn)> LoginAsync(HttpClient http, string? audience = TestTenant.Api)
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: audience, scope: "openid email"))).ShouldSucceedAsync();
        return (json.GetProperty("access_token").GetString()!, json.GetProperty("expires_in").GetInt32());
    }

    /// <summary>A client, the Management API, and an access token for the tenant's user.</summary>
    private static async Task<(HttpClient Http, Infrastructure.Management Management, string Token)> SignedInAsync(AuthgateFactory factory)
    {
        var http = factory.CreateClient();
        return (http, new Infrastructure.Management(factory.CreateClient()), (await LoginAsync(http)).Token);
    }

    [Theory]
    [InlineData(TestTenant.Api)]
    [InlineData(null)] // the encrypted token issued when no API is asked for
    public async Task A_token_used_again_stops_working_at_its_expiry(string? audience)
    {
        using var factory = new AuthgateFactory();
        var http = factory.CreateClient();
        var (token, expiresIn) = await LoginAsync(http, audience);

        (await http.UserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(expiresIn - 1));
        (await http.UserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK, "a second before its exp it is still good");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var expired = await http.UserInfoAsync(token);
        expired.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        if (audience is not null)
        {
            expired.Headers.WwwAuthenticate.ToString().Should().Contain("The token has expired");
        }
    }

    [Fact]
    public async Task A_token_used_again_stops_working_when_its_signing_key_is_revoked()
    {
        using var factory = new AuthgateFactory();
        var (http, management, token) = await SignedInAsync(factory);
        (await http.UserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.UserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK);
        var current = (await management.GetAsync("keys/signing")).AsArray().Single(k => k!["current"]!.GetValue<bool>())!["kid"]!.GetValue<string>();

        await management.OkAsync(HttpMethod.Post, "keys/signing/rotate", null, HttpStatusCode.Created);
        (await http.UserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK, "the previous key stays published until revoked");
        await management.OkAsync(HttpMethod.Put, $"keys/signing/{current}/revoke");

        (await http.UserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await http.UserInfoAsync((await LoginAsync(http)).Token)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_used_again_stops_working_when_its_user_is_blocked()
    {
        using var factory = new AuthgateFactory();
        var (http, management, token) = await SignedInAsync(factory);
        var userId = (await (await http.UserInfoAsync(token)).ShouldSucceedAsync()).GetProperty("sub").GetString()!;

        await management.OkAsync(HttpMethod.Patch, $"users/{Uri.EscapeDataString(userId)}", new JsonObject { ["blocked"] = true });

        (await http.UserInfoAsync(token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.RefreshTokens;

public sealed class RefreshTokenExchangeTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private async Task<JsonElement> LoginAsync(string scope = "openid offline_access read:sample write:sample", string clientId = TestTenant.WebClientId, string secret = TestTenant.WebClientSecret, string username = TestTenant.JaneEmail, string password = TestTenant.JanePassword) =>
        await (await http.PostFormAsync(Protocol.PasswordGrant(username: username, password: password, clientId: clientId, clientSecret: secret, scope: scope))).ShouldSucceedAsync();

    private Task<HttpResponseMessage> RefreshAsync(string token, string clientId = TestTenant.WebClientId, string secret = TestTenant.WebClientSecret, string? scope = null) =>
        http.PostFormAsync(Protocol.RefreshGrant(token, clientId, secret, scope));

    [Fact]
    public async Task Non_rotating_exchange_returns_new_tokens_for_the_same_audience_and_no_refresh_token()
    {
        var login = await LoginAsync();
        var refreshToken = login.GetProperty("refresh_token").GetString()!;

        var json = await (await RefreshAsync(refreshToken)).ShouldSucceedAsync();

        json.TryGetProperty("refresh_token", out _).Should().BeFalse();
        json.GetProperty("token_type").GetString().Should().Be("Bearer");
        json.GetProperty("expires_in").GetInt32().Should().Be(7200);
        Protocol.Scopes(json).Should().Equal(Protocol.Scopes(login));
        var access = Protocol.Decode(json.GetProperty("access_token").GetString()!);
        access.Audiences.Should().Equal(TestTenant.Api, "https://authgate.test/userinfo");
        access.Subject.Should().Be(Protocol.Decode(login.GetProperty("access_token").GetString()!).Subject);
        access.GetPayloadValue<string[]>("gty").Should().Equal("refresh_token", "password");
        (await Protocol.ValidateWithJwksAsync(http, json.GetProperty("access_token").GetString()!, TestTenant.Api, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();
        Protocol.Decode(json.GetProperty("id_token").GetString()!).GetPayloadValue<string>("aud").Should().Be(TestTenant.WebClientId);
        await (await RefreshAsync(refreshToken)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task A_narrower_scope_narrows_the_tokens_but_not_the_refresh_token()
    {
        var refreshToken = (await LoginAsync()).GetProperty("refresh_token").GetString()!;

        var narrowed = await (await RefreshAsync(refreshToken, scope: "read:sample")).ShouldSucceedAsync();
        Protocol.Scopes(narrowed).Should().Equal("read:sample");
        Protocol.Decode(narrowed.GetProperty("access_token").GetString()!).GetPayloadValue<string>("scope").Should().Be("read:sample");
        narrowed.TryGetProperty("id_token", out _).Should().BeFalse("openid was not asked for this time");

        var full = await (await RefreshAsync(refreshToken)).ShouldSucceedAsync();
        Protocol.Scopes(full).Should().Contain(["openid", "offline_access", "read:sample", "write:sample"]);
    }

    [Fact]
    public async Task A_wider_scope_is_refused()
    {
        var refreshToken = (await LoginAsync("offline_access read:sample")).GetProperty("refresh_token").GetString()!;

        var response = await RefreshAsync(refreshToken, scope: "read:sample write:sample");

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_scope");
        await (await RefreshAsync(refreshToken)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Another_clients_refresh_token_is_invalid_grant()
    {
        var refreshToken = (await LoginAsync()).GetProperty("refresh_token").GetString()!;

        var response = await RefreshAsync(refreshToken, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);

        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");
        await (await RefreshAsync(refreshToken)).ShouldSucceedAsync();
    }

    [Theory]
    [InlineData("v1.unknown-token")]
    [InlineData("garbage \u00e9\u00e8 token")]
    public async Task Unknown_or_malformed_tokens_are_invalid_grant(string token)
    {
        await (await RefreshAsync(token)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");
    }

    [Fact]
    public async Task Blocked_user_cannot_refresh()
    {
        var refreshToken = (await LoginAsync()).GetProperty("refresh_token").GetString()!;
        await SetBlockedAsync(true);
        try
        {
            await (await RefreshAsync(refreshToken)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "user is blocked");
        }
        finally
        {
            await SetBlockedAsync(false);
        }

        await (await RefreshAsync(refreshToken)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Deleted_user_cannot_refresh()
    {
        var refreshToken = (await LoginEmployeeAsync()).GetProperty("refresh_token").GetString()!;
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == TestTenant.EmployeeEmail).ExecuteDeleteAsync());

        await (await RefreshAsync(refreshToken)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant",
            "The refresh_token was generated for a user who doesn't exist anymore.");
    }

    private async Task<JsonElement> LoginEmployeeAsync()
    {
        var form = Protocol.PasswordGrant(username: TestTenant.EmployeeEmail, password: TestTenant.Password, scope: "offline_access");
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = TestTenant.EmployeesConnection;
        return await (await http.PostFormAsync(form)).ShouldSucceedAsync();
    }

    [Fact]
    public async Task A_password_change_ends_refresh_tokens_issued_before_it()
    {
        var refreshToken = (await LoginAsync()).GetProperty("refresh_token").GetString()!;
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var changedAt = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == TestTenant.JaneEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordChangedAt, changedAt)));

        await (await RefreshAsync(refreshToken)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = (await LoginAsync()).GetProperty("refresh_token").GetString()!;
        await (await RefreshAsync(fresh)).ShouldSucceedAsync();
    }

    private Task<int> SetBlockedAsync(bool blocked) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == TestTenant.JaneEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.Blocked, blocked)));
}

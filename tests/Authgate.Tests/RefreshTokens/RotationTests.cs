using System.Net;
using System.Text.Json;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.RefreshTokens;

public sealed class RotationTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private async Task<string> LoginAsync(string clientId, string secret) =>
        (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret, scope: "openid offline_access read:sample"))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;

    private Task<HttpResponseMessage> RefreshAsync(string token, string clientId, string secret) =>
        http.PostFormAsync(Protocol.RefreshGrant(token, clientId, secret));

    private async Task<string> RotateAsync(string token, string clientId = TestTenant.RotatingClientId, string secret = TestTenant.RotatingClientSecret)
    {
        var json = await (await RefreshAsync(token, clientId, secret)).ShouldSucceedAsync();
        return json.GetProperty("refresh_token").GetString()!;
    }

    [Fact]
    public async Task Each_exchange_returns_a_new_refresh_token_and_retires_the_old_one()
    {
        var first = await LoginAsync(TestTenant.RotatingClientId, TestTenant.RotatingClientSecret);

        var second = await RotateAsync(first);
        var third = await RotateAsync(second);

        new[] { first, second, third }.Should().OnlyHaveUniqueItems();
        third.Should().StartWith("v2.");
    }

    [Fact]
    public async Task Reusing_a_retired_token_revokes_the_whole_family()
    {
        var first = await LoginAsync(TestTenant.RotatingClientId, TestTenant.RotatingClientSecret);
        var second = await RotateAsync(first);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        await (await RefreshAsync(first, TestTenant.RotatingClientId, TestTenant.RotatingClientSecret))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");

        await (await RefreshAsync(second, TestTenant.RotatingClientId, TestTenant.RotatingClientSecret))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");
        var reasons = await factory.WithDbAsync(db => db.RefreshTokens.Where(t => t.RevokedReason == "reuse").CountAsync());
        reasons.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Within_the_leeway_the_previous_token_gets_the_same_successor_again()
    {
        var first = await LoginAsync(TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        var second = await RotateAsync(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        factory.Clock.Advance(TimeSpan.FromSeconds(TestTenant.Leeway));

        var again = await RotateAsync(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);

        again.Should().Be(second);
        var third = await RotateAsync(second, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        third.Should().NotBe(second);
    }

    [Fact]
    public async Task After_the_leeway_the_previous_token_is_reuse()
    {
        var first = await LoginAsync(TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        var second = await RotateAsync(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        factory.Clock.Advance(TimeSpan.FromSeconds(TestTenant.Leeway + 1));

        await (await RefreshAsync(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await RefreshAsync(second, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
    }

    [Fact]
    public async Task Within_the_leeway_a_grandparent_is_still_reuse()
    {
        var first = await LoginAsync(TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        var second = await RotateAsync(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
        var third = await RotateAsync(second, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);

        await (await RefreshAsync(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await RefreshAsync(third, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
    }

    [Fact]
    public async Task Twenty_concurrent_exchanges_of_one_token_all_succeed_on_one_successor()
    {
        var first = await LoginAsync(TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RefreshAsync(first, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret)));

        var bodies = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Body: await r.Content.ReadAsStringAsync())));
        bodies.Should().OnlyContain(b => b.StatusCode == HttpStatusCode.OK, string.Join('\n', bodies.Select(b => b.Body)));
        var successors = bodies.Select(b => JsonDocument.Parse(b.Body).RootElement.GetProperty("refresh_token").GetString()).Distinct().ToList();
        successors.Should().ContainSingle("every racer ends on the same successor");

        var familyId = await factory.WithDbAsync(db => db.RefreshTokens.Where(t => t.Id == Authgate.Tokens.RefreshTokenValues.IdOf(first)).Select(t => t.FamilyId).SingleAsync());
        var family = await factory.WithDbAsync(db => db.RefreshTokens.Where(t => t.FamilyId == familyId).ToListAsync());
        family.Should().HaveCount(2);
        family.Count(t => t.RotatedAt == null && t.RevokedAt == null).Should().Be(1);
        await RotateAsync(successors[0]!, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret);
    }

    [Fact]
    public async Task Idle_lifetime_is_enforced_to_the_second_and_renewed_by_each_exchange()
    {
        var token = await LoginAsync(TestTenant.RotatingClientId, TestTenant.RotatingClientSecret);
        factory.Clock.Advance(TimeSpan.FromSeconds(TestTenant.RotatingIdleLifetime - 1));
        token = await RotateAsync(token);

        factory.Clock.Advance(TimeSpan.FromSeconds(TestTenant.RotatingIdleLifetime - 1));
        token = await RotateAsync(token);

        factory.Clock.Advance(TimeSpan.FromSeconds(TestTenant.RotatingIdleLifetime));
        await (await RefreshAsync(token, TestTenant.RotatingClientId, TestTenant.RotatingClientSecret))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");
    }

    [Fact]
    public async Task Absolute_lifetime_is_fixed_at_login_and_not_extended_by_rotation()
    {
        var token = await LoginAsync(TestTenant.RotatingClientId, TestTenant.RotatingClientSecret);
        var elapsed = 0;
        while (elapsed + 500 < TestTenant.RotatingLifetime)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(500));
            elapsed += 500;
            token = await RotateAsync(token);
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(TestTenant.RotatingLifetime - 1 - elapsed));
        token = await RotateAsync(token);

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await RefreshAsync(token, TestTenant.RotatingClientId, TestTenant.RotatingClientSecret))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Unknown or invalid refresh token.");
    }
}

using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Authgate.Security;
using Authgate.Tests.Infrastructure;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.RefreshTokens;

/// <summary>
/// v2 values (<c>v2.{id}.{secret}</c>) are found by the id they name and accepted only with the secret that hashes to
/// the stored hash; v1 values issued before the upgrade keep working through their indexed hash.
/// </summary>
public sealed class RefreshTokenFormatTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private const string Invalid = "Unknown or invalid refresh token.";
    private readonly HttpClient http = factory.CreateClient();

    private async Task<string> LoginAsync() =>
        (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.LeewayClientId, clientSecret: TestTenant.LeewayClientSecret, scope: "offline_access"))).ShouldSucceedAsync())
            .GetProperty("refresh_token").GetString()!;

    private Task<HttpResponseMessage> RefreshAsync(string value) =>
        http.PostFormAsync(Protocol.RefreshGrant(value, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret));

    private Task<HttpResponseMessage> RevokeAsync(string value) =>
        http.PostFormAsync(new Dictionary<string, string> { ["token"] = value, ["client_id"] = TestTenant.LeewayClientId, ["client_secret"] = TestTenant.LeewayClientSecret }, "/oauth/revoke");

    private async Task<string> RotateAsync(string value) =>
        (await (await RefreshAsync(value)).ShouldSucceedAsync()).GetProperty("refresh_token").GetString()!;

    /// <summary>Turns the row of <paramref name="id"/> into one an earlier release stored for the v1 value <paramref name="legacy"/>.</summary>
    private Task AsLegacyAsync(string id, string legacy) =>
        factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE refresh_tokens SET token_hash = {0}, format = 1 WHERE id = {1}", LookupHash.Of(legacy), id));

    private static string LegacyValue() => "v1." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_v2_value_with_the_right_id_and_another_secret_is_refused_and_leaves_the_family_alone()
    {
        var value = await LoginAsync();
        var forged = value[..^43] + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        await (await RefreshAsync(forged)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", Invalid);
        (await RevokeAsync(forged)).StatusCode.Should().Be(HttpStatusCode.OK, "revoking an unknown token answers 200 and does nothing");

        var revoked = await factory.WithDbAsync(db => db.RefreshTokens.CountAsync(t => t.FamilyId == RefreshTokenValues.IdOf(value) && t.RevokedAt != null));
        revoked.Should().Be(0);
        (await RotateAsync(value)).Should().StartWith("v2.");
    }

    [Fact]
    public async Task A_v1_value_stored_before_the_upgrade_is_exchanged_for_a_v2_successor_and_can_be_revoked()
    {
        var issued = await LoginAsync();
        var legacy = LegacyValue();
        await AsLegacyAsync(RefreshTokenValues.IdOf(issued)!, legacy);

        await (await RefreshAsync(issued)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", Invalid);
        var successor = await RotateAsync(legacy);
        successor.Should().MatchRegex("^v2\\.[0-9a-f]{32}\\.[A-Za-z0-9_-]{43}$");
        (await RotateAsync(legacy)).Should().Be(successor, "within the leeway the same successor comes back");

        var next = await LoginAsync();
        var other = LegacyValue();
        await AsLegacyAsync(RefreshTokenValues.IdOf(next)!, other);
        (await RevokeAsync(other)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await RefreshAsync(other)).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", Invalid);
    }

    [Fact]
    public async Task A_v1_token_rotated_before_the_upgrade_gets_its_stored_v1_successor_within_the_leeway()
    {
        var first = await LoginAsync();
        var second = await RotateAsync(first);
        var legacy = LegacyValue();
        // What an earlier release answered for `legacy`: "v1." and the HMAC of the presented value under its derived key.
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, factory.Services.GetRequiredService<EncryptionKey>().Bytes, 32, info: "authgate refresh token successor"u8.ToArray());
        var legacySuccessor = "v1." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(legacy)));
        await AsLegacyAsync(RefreshTokenValues.IdOf(first)!, legacy);
        await AsLegacyAsync(RefreshTokenValues.IdOf(second)!, legacySuccessor);

        (await RotateAsync(legacy)).Should().Be(legacySuccessor);
        (await RotateAsync(legacySuccessor)).Should().StartWith("v2.");
    }

    [Fact]
    public void Ids_follow_creation_time_and_only_the_exact_v2_shape_names_one()
    {
        var start = DateTimeOffset.UnixEpoch.AddYears(56);
        var ids = Enumerable.Range(0, 50).Select(i => RefreshTokenValues.NewId(start.AddMilliseconds(i))).ToList();
        ids.Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyHaveUniqueItems().And.OnlyContain(id => id.Length == 32);

        var value = RefreshTokenValues.New(ids[0]);
        RefreshTokenValues.IdOf(value).Should().Be(ids[0]);
        RefreshTokenValues.IdOf("v2." + new string('A', 32) + value[35..]).Should().BeNull("ids are lower-case hex");
        RefreshTokenValues.IdOf(value[..^1]).Should().BeNull();
        RefreshTokenValues.IdOf(value + "x").Should().BeNull();
        RefreshTokenValues.IdOf("v1." + value[3..]).Should().BeNull();
        RefreshTokenValues.IdOf(value.Remove(35, 1).Insert(35, "_")).Should().BeNull();
        RefreshTokenValues.IdOf(LegacyValue()).Should().BeNull();
    }
}

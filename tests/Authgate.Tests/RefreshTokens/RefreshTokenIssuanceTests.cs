using System.Net;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.RefreshTokens;

public sealed class RefreshTokenIssuanceTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Fact]
    public async Task Offline_access_with_an_api_that_allows_it_and_the_refresh_grant_returns_a_refresh_token()
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "openid offline_access read:sample"))).ShouldSucceedAsync();

        json.GetProperty("refresh_token").GetString().Should().MatchRegex("^v2\\.[0-9a-f]{32}\\.[A-Za-z0-9_-]{43}$");
        Protocol.Scopes(json).Should().Equal("openid", "profile", "email", "address", "phone", "offline_access", "read:sample");
    }

    [Fact]
    public async Task Without_offline_access_there_is_no_refresh_token()
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "openid read:sample"))).ShouldSucceedAsync();

        json.TryGetProperty("refresh_token", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Api_without_offline_access_silently_drops_it()
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: TestTenant.HsApi, scope: "offline_access read:hs"))).ShouldSucceedAsync();

        json.TryGetProperty("refresh_token", out _).Should().BeFalse();
        Protocol.Scopes(json).Should().Equal("read:hs");
    }

    [Fact]
    public async Task Client_without_the_refresh_token_grant_gets_none()
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.HsClientId, clientSecret: TestTenant.HsClientSecret, scope: "offline_access"))).ShouldSucceedAsync();

        json.TryGetProperty("refresh_token", out _).Should().BeFalse();
        Protocol.Scopes(json).Should().NotContain("offline_access");
    }

    [Fact]
    public async Task Without_an_audience_offline_access_still_gives_a_refresh_token()
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(audience: null, scope: "openid offline_access"))).ShouldSucceedAsync();

        json.GetProperty("refresh_token").GetString().Should().NotBeNullOrEmpty();
    }

    [SqliteFact]
    public async Task Only_the_hash_of_a_refresh_token_is_stored()
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "offline_access"))).ShouldSucceedAsync();
        var value = json.GetProperty("refresh_token").GetString()!;

        var raw = System.Text.Encoding.UTF8.GetString(await ReadDatabaseAsync());
        raw.Should().NotContain(value[3..]);
        raw.Should().Contain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value))));
    }

    private async Task<byte[]> ReadDatabaseAsync()
    {
        // The WAL may hold the newest pages; read both files.
        var main = await ReadSharedAsync(factory.DatabasePath);
        var wal = File.Exists(factory.DatabasePath + "-wal") ? await ReadSharedAsync(factory.DatabasePath + "-wal") : [];
        return [.. main, .. wal];
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    [Fact]
    public async Task Public_client_refreshes_with_its_client_id_only()
    {
        var json = await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.PublicClientId, clientSecret: null, scope: "offline_access"))).ShouldSucceedAsync();

        var refreshed = await (await http.PostFormAsync(Protocol.RefreshGrant(json.GetProperty("refresh_token").GetString()!, TestTenant.PublicClientId, null))).ShouldSucceedAsync();

        refreshed.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Discovery_lists_the_revocation_endpoint()
    {
        var json = await (await http.GetAsync("/.well-known/openid-configuration")).ShouldSucceedAsync();

        json.GetProperty("revocation_endpoint").GetString().Should().Be("https://authgate.test/oauth/revoke");
    }

    [Fact]
    public async Task Missing_refresh_token_parameter_is_invalid_request()
    {
        var form = Protocol.RefreshGrant("x");
        form.Remove("refresh_token");

        await (await http.PostFormAsync(form)).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_request", "Missing required parameter: refresh_token");
    }
}

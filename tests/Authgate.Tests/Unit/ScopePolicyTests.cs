using Authgate.Grants;
using Authgate.Storage.Entities;

namespace Authgate.Tests.Unit;

/// <summary>The password grant's scope rules (contract §1.4), without a server.</summary>
public sealed class ScopePolicyTests
{
    private static readonly ResourceServer Api = new()
    {
        Id = "api", Identifier = "https://api.test/", Name = "API", SigningAlg = "RS256", TokenLifetimeSeconds = 60,
        Scopes = [new() { Value = "read:a" }, new() { Value = "write:a" }],
    };

    private static readonly ResourceServer Management = new()
    {
        Id = "management-api", Identifier = "https://t.test/api/v2/", Name = "Management", SigningAlg = "RS256", TokenLifetimeSeconds = 60, IsSystem = true,
        Scopes = [new() { Value = "read:clients" }, new() { Value = "read:current_user" }],
    };

    [Theory]
    [InlineData(null, "read:a write:a")]
    [InlineData("openid", "openid profile email address phone read:a write:a")]
    [InlineData("openid email", "openid email read:a write:a")]
    [InlineData("read:a", "read:a")]
    [InlineData("read:a unknown:scope", "read:a")]
    [InlineData("read:a read:a  write:a", "read:a write:a")]
    [InlineData("offline_access read:a", "offline_access read:a")]
    [InlineData("write:a openid", "openid profile email address phone write:a")]
    public void Password_scopes(string? asked, string granted) =>
        string.Join(' ', ScopePolicy.ForPassword(asked, Api, offlineAccessAllowed: true)).Should().Be(granted);

    [Fact]
    public void Offline_access_needs_the_api_and_client_to_allow_it() =>
        ScopePolicy.ForPassword("offline_access read:a", Api, offlineAccessAllowed: false).Should().Equal("read:a");

    [Fact]
    public void Without_an_api_only_oidc_scopes_are_granted() =>
        ScopePolicy.ForPassword("openid read:a", api: null, offlineAccessAllowed: true).Should().Equal("openid", "profile", "email", "address", "phone");

    [Theory]
    [InlineData(null)]
    [InlineData("read:clients create:users")]
    [InlineData("read:current_user read:clients")]
    public void A_user_never_gets_an_admin_scope_of_the_management_api(string? asked)
    {
        var granted = ScopePolicy.ForPassword(asked, Management, offlineAccessAllowed: true);

        granted.Should().NotContain(s => !s.Contains("current_user", StringComparison.Ordinal));
    }

    [Fact]
    public void Split_drops_repeats_and_empty_entries_in_order() =>
        ScopePolicy.Split("  b a  b c ").Should().Equal("b", "a", "c");
}

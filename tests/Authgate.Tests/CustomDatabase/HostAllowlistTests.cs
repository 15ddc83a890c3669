using Authgate.Scripting;

namespace Authgate.Tests.CustomDatabase;

/// <summary>What <c>allowed_hosts</c> accepts and what it lets a script's fetch reach: exact hosts, nothing around them.</summary>
public sealed class HostAllowlistTests
{
    private static HostAllowlist Allow(params string[] hosts)
    {
        var (allowlist, _, error) = HostAllowlist.Parse(hosts);
        error.Should().BeNull();
        return allowlist!;
    }

    [Theory]
    [InlineData("legacy.example.com", "https://legacy.example.com/api", true)]
    [InlineData("legacy.example.com", "http://LEGACY.example.com:8080/", true)]
    [InlineData("Legacy.Example.com.", "https://legacy.example.com/", true)]
    [InlineData("legacy.example.com", "https://api.legacy.example.com/", false)]
    [InlineData("legacy.example.com", "https://legacy.example.com.evil.test/", false)]
    [InlineData("legacy.example.com", "https://example.com/", false)]
    [InlineData("legacy.example.com:8443", "https://legacy.example.com:8443/", true)]
    [InlineData("legacy.example.com:8443", "https://legacy.example.com/", false)]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/", true)]
    [InlineData("127.0.0.1:5000", "http://localhost:5000/", false)]
    [InlineData("127.0.0.1", "http://127.0.0.2/", false)]
    [InlineData("[::1]:8080", "http://[::1]:8080/x", true)]
    [InlineData("[0:0:0:0:0:0:0:1]", "http://[::1]/", true)]
    [InlineData("bücher.example", "https://xn--bcher-kva.example/", true)]
    public void Hosts_match_exactly(string entry, string url, bool allowed) =>
        Allow(entry).Allows(new Uri(url)).Should().Be(allowed);

    [Theory]
    [InlineData("*.example.com", "wildcards")]
    [InlineData("https://legacy.example.com", "no scheme")]
    [InlineData("legacy.example.com/api", "no scheme, no path")]
    [InlineData("legacy.example.com:0", "between 1 and 65535")]
    [InlineData("legacy.example.com:70000", "between 1 and 65535")]
    [InlineData("", "host name or IP address")]
    [InlineData("legacy example.com", "host name or IP address")]
    [InlineData("[not-ipv6]", "host name or IP address")]
    [InlineData("user@legacy.example.com", "not a valid host name")]
    public void Entries_that_are_not_one_exact_host_are_refused(string entry, string message)
    {
        var (allowlist, index, error) = HostAllowlist.Parse(["ok.example.com", entry]);
        allowlist.Should().BeNull();
        index.Should().Be(1);
        error.Should().Contain(message);
    }

    [Fact]
    public void An_empty_allowlist_allows_nothing() =>
        HostAllowlist.Empty.Allows(new Uri("https://example.com/")).Should().BeFalse();
}

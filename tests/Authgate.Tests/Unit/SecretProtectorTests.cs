using System.Security.Cryptography;
using Authgate.Hosting;
using Authgate.Security;
using Microsoft.Extensions.Options;

namespace Authgate.Tests.Unit;

/// <summary>Secrets read back by the server: round trip, purpose binding, and the constant-time match of a presented secret.</summary>
public sealed class SecretProtectorTests
{
    private readonly SecretProtector protector = new(new EncryptionKey(Options.Create(new AuthgateOptions
    {
        EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    })));

    [Fact]
    public void A_protected_secret_reads_back_only_under_its_own_purpose()
    {
        var protectedValue = protector.Protect("client-secret-ü-0123456789", "client_secret");

        protector.Unprotect(protectedValue, "client_secret").Should().Be("client-secret-ü-0123456789");
        ((Action)(() => protector.Unprotect(protectedValue, "api_signing_secret"))).Should().Throw<CryptographicException>();
    }

    [Theory]
    [InlineData("client-secret-ü-0123456789", true)]
    [InlineData("client-secret-ü-0123456788", false)]
    [InlineData("client-secret-u-0123456789", false)]
    [InlineData("client-secret-ü-012345678", false)]
    [InlineData("client-secret-ü-01234567890", false)]
    [InlineData("", false)]
    public void A_presented_secret_matches_only_the_protected_one(string presented, bool matches)
    {
        var protectedValue = protector.Protect("client-secret-ü-0123456789", "client_secret");

        protector.Matches(protectedValue, "client_secret", presented).Should().Be(matches);
    }

    [Fact]
    public void Secrets_longer_than_the_stack_buffer_match_too()
    {
        var secret = new string('s', 300) + "é";
        var protectedValue = protector.Protect(secret, "client_secret");

        protector.Matches(protectedValue, "client_secret", secret).Should().BeTrue();
        protector.Matches(protectedValue, "client_secret", secret[..^1] + "e").Should().BeFalse();
    }

    [Fact]
    public void A_match_under_another_purpose_or_of_a_damaged_value_is_refused()
    {
        var protectedValue = protector.Protect("client-secret", "client_secret");

        ((Action)(() => protector.Matches(protectedValue, "ldap_bind_password", "client-secret"))).Should().Throw<CryptographicException>();
        ((Action)(() => protector.Matches("v1.AAAA", "client_secret", "client-secret"))).Should().Throw<CryptographicException>();
        ((Action)(() => protector.Matches("v2." + protectedValue[3..], "client_secret", "client-secret"))).Should().Throw<CryptographicException>();
    }
}

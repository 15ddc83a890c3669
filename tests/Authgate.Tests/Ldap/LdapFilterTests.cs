using Authgate.Connections.Ldap;

namespace Authgate.Tests.Ldap;

public sealed class LdapFilterTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a*b", @"a\2ab")]
    [InlineData("(x)", @"\28x\29")]
    [InlineData(@"back\slash", @"back\5cslash")]
    [InlineData("nul\0", @"nul\00")]
    [InlineData("ünïcode", "ünïcode")]
    public void Typed_names_are_escaped_per_rfc_4515(string name, string escaped)
    {
        LdapFilter.Escape(name).Should().Be(escaped);
        LdapFilter.Build("(|(uid={0})(mail={0}))", name).Should().Be($"(|(uid={escaped})(mail={escaped}))");
    }

    [Theory]
    [InlineData("cn=admins,ou=groups,dc=example,dc=test", "admins")]
    [InlineData(@"cn=R\2CD,ou=groups", @"R\2CD")]
    [InlineData(@"cn=Sales\, EMEA,ou=groups", "Sales, EMEA")]
    [InlineData("engineering", "engineering")]
    public void Group_dns_become_their_first_rdn_value(string value, string name) => LdapPool.GroupName(value).Should().Be(name);

    [Fact]
    public void Plain_ldap_defaults_to_start_tls_and_ldaps_does_not()
    {
        new LdapConnectionOptions { LdapUrl = "ldap://dir.example" }.UsesStartTls.Should().BeTrue();
        new LdapConnectionOptions { LdapUrl = "ldap://dir.example", StartTls = false }.UsesStartTls.Should().BeFalse();
        new LdapConnectionOptions { LdapUrl = "ldaps://dir.example" }.UsesStartTls.Should().BeFalse();
    }
}

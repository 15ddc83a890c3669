using System.Text;
using Authgate.Connections.Hashes;

namespace Authgate.Tests.Connections;

/// <summary>
/// Imported password hashes, with vectors made by independent implementations (Python's hashlib and libxcrypt, the
/// argon2 reference CLI, RFC test vectors): each verifies with the right password and fails with a wrong one.
/// </summary>
public sealed class HashFormatTests
{
    private const string Password = "hunter2";

    private static bool Verify(string stored, string password) => ImportedHashes.Verify(HashFormats.Detect(stored), stored, password);

    private static string Stored(CustomPasswordHash hash)
    {
        var (stored, path, error) = hash.ToStored();
        stored.Should().NotBeNull($"{path}: {error}");
        return stored!;
    }

    [Theory]
    [InlineData("$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2", HashFormat.Bcrypt)]
    [InlineData("$2y$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2", HashFormat.Bcrypt)]
    [InlineData("$2a$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2", HashFormat.Bcrypt)]
    [InlineData("$pbkdf2-sha256$i=1000,l=32$TmFDbE5hQ2w$H6YXMPtJB3L3jvdiXqeqeN1bqKfyaj4r2pHbWVl1K8s", HashFormat.Pbkdf2)]
    [InlineData("$pbkdf2-sha512$i=500,l=64$TmFDbE5hQ2w$yJg8ClDywr0onqFRkXzeMhE2iGMWuLAbGynCQ8rTBlQ6+9mWmWGsGQjySLI9cCIJRAJ7n6ktVKO36EGID7C24Q", HashFormat.Pbkdf2)]
    [InlineData("$argon2d$v=19$m=1024,t=2,p=1$c29tZXNhbHR2YWx1ZQ$TQeQM2WsT5vWsF3DuouQCTzXcSCjMu+kxCGBSm273PY", HashFormat.Argon2Other)]
    [InlineData("$argon2i$v=19$m=1024,t=2,p=1$c29tZXNhbHR2YWx1ZQ$cKU0SmAh0fR3sS8gDvKUTsUlUczyNDYYencXynxTwVI", HashFormat.Argon2Other)]
    [InlineData("{SSHA}wiHXP78A5ORxczJls/osIbKSocJhYmNk", HashFormat.Ldap)]
    [InlineData("{SSHA512}8aSpfb5J/xNohu4Dww7x2FOVFyilfGoQ/VZ//IRvphgzw5nr+YrxZ0aRVvVjxhDuhcUEV/Yxp/cRy2oqUVuV3GFiY2RlZmdo", HashFormat.Ldap)]
    [InlineData("{MD5}KrljkMfb40Od500MmwsXZw==", HashFormat.Ldap)]
    internal void Verbatim_formats_verify_the_right_password_only(string stored, HashFormat format)
    {
        HashFormats.Detect(stored).Should().Be(format);
        HashFormats.IsValid(stored).Should().BeTrue();
        Verify(stored, Password).Should().BeTrue();
        Verify(stored, "hunter3").Should().BeFalse();
    }

    [Fact]
    public void Salted_digests_honour_salt_position_and_encoding()
    {
        var md5 = Stored(new CustomPasswordHash
        {
            Algorithm = "md5",
            Hash = new() { Value = "dc52c81ce4d61ed8871c5ad47b9a34e1", Encoding = "hex" },
            Salt = new() { Value = "mysalt", Position = "prefix" },
        });
        Verify(md5, Password).Should().BeTrue();
        Verify(md5, "Hunter2").Should().BeFalse();

        var sha256 = Stored(new CustomPasswordHash
        {
            Algorithm = "sha256",
            Hash = new() { Value = "M3VH2V2i+YYJgdEfshe8xdWzSBwNQU9fwshtqegHJcg=", Encoding = "base64" },
            Salt = new() { Value = "mysalt", Position = "suffix" },
        });
        Verify(sha256, Password).Should().BeTrue();
        // The same salt on the wrong side is another hash.
        Verify(sha256.Replace("p=suffix", "p=prefix", StringComparison.Ordinal), Password).Should().BeFalse();

        var sha1 = Stored(new CustomPasswordHash { Algorithm = "sha1", Hash = new() { Value = "F3BBBD66A63D4BF1747940578EC3D0103530E21D", Encoding = "hex" } });
        Verify(sha1, Password).Should().BeTrue();

        var sha512 = Stored(new CustomPasswordHash
        {
            Algorithm = "sha512",
            Hash = new() { Value = "09f0ca350e2c26e024e28c90a289ea38db915d3540c37b9673b21695232a747f57d2a069014cd4d02933d83d0ad824532d0a67f4f93dd9f1c70f64d408ca9ee9", Encoding = "hex" },
            Salt = new() { Value = "mysalt" },
        });
        Verify(sha512, Password).Should().BeTrue();

        var utf16 = Stored(new CustomPasswordHash
        {
            Algorithm = "md5",
            Hash = new() { Value = "936c10358f7e3ea6abf44c765d8b454e", Encoding = "hex" },
            Password = new() { Encoding = "utf16le" },
        });
        Verify(utf16, Password).Should().BeTrue();
    }

    [Fact]
    public void Hmac_scrypt_and_md4_verify()
    {
        var hmac = Stored(new CustomPasswordHash
        {
            Algorithm = "hmac",
            Hash = new() { Value = "d9773d717625f9cc9f78f8ca7f7a96b2ac07c71c5ebc3be90ac6e3a9d33e9ef3", Encoding = "hex", Digest = "sha256", Key = new() { Value = "secretkey" } },
        });
        Verify(hmac, Password).Should().BeTrue();
        Verify(hmac, "hunter22").Should().BeFalse();

        var scrypt = Stored(new CustomPasswordHash
        {
            Algorithm = "scrypt",
            Hash = new() { Value = "c2a991656bfc6a8411c93f25e141bde23ce2bfd5273a7dab264d500cc0fbefb1", Encoding = "hex" },
            Salt = new() { Value = "mysalt" },
            KeyLength = 32,
            Cost = 1024,
        });
        Verify(scrypt, Password).Should().BeTrue();
        Verify(scrypt, "hunter3").Should().BeFalse();

        // RFC 1320 and RFC 7914 test vectors.
        Convert.ToHexStringLower(Md4.Hash(Encoding.ASCII.GetBytes("abc"))).Should().Be("a448017aaf21d8525fc10ae87aa6729d");
        Convert.ToHexStringLower(Md4.Hash(Encoding.ASCII.GetBytes("12345678901234567890123456789012345678901234567890123456789012345678901234567890")))
            .Should().Be("e33b4ddc9c38f2199c3e7b164fcc0536");
        Convert.ToHexStringLower(Scrypt.DeriveKey(Encoding.ASCII.GetBytes("password"), Encoding.ASCII.GetBytes("NaCl"), 1024, 8, 16, 64)).Should().Be(
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");

        var md4 = Stored(new CustomPasswordHash { Algorithm = "md4", Hash = new() { Value = "a448017aaf21d8525fc10ae87aa6729d", Encoding = "hex" } });
        Verify(md4, "abc").Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"algorithm":"rot13","hash":{"value":"x"}}""", "custom_password_hash.algorithm")]
    [InlineData("""{"algorithm":"md5","hash":{"value":"zz","encoding":"hex"}}""", "custom_password_hash.hash.value")]
    [InlineData("""{"algorithm":"md5","hash":{"value":"abcd"}}""", "custom_password_hash.hash.encoding")]
    [InlineData("""{"algorithm":"hmac","hash":{"value":"abcd","encoding":"hex"}}""", "custom_password_hash.hash.digest")]
    [InlineData("""{"algorithm":"scrypt","hash":{"value":"abcd","encoding":"hex"}}""", "custom_password_hash.keylen")]
    [InlineData("""{"algorithm":"bcrypt","hash":{"value":"$2x$04$abc"}}""", "custom_password_hash.hash.value")]
    [InlineData("""{"algorithm":"pbkdf2","hash":{"value":"$pbkdf2-whirlpool$i=1,l=2$YQ$YQ"}}""", "custom_password_hash.hash.value")]
    [InlineData("""{"algorithm":"ldap","hash":{"value":"{CRYPT}abc"}}""", "custom_password_hash.hash.value")]
    [InlineData("""{"algorithm":"md5","hash":{"value":"abcd","encoding":"hex"},"salt":{"value":"s","position":"middle"}}""", "custom_password_hash.salt.position")]
    public void Bad_custom_hashes_are_refused_naming_the_property(string json, string path)
    {
        var hash = System.Text.Json.JsonSerializer.Deserialize<CustomPasswordHash>(json)!;
        var (stored, errorPath, error) = hash.ToStored();
        stored.Should().BeNull();
        errorPath.Should().Be(path, error);
    }

    [Theory]
    [InlineData("plain-text")]
    [InlineData("$2b$10$short")]
    [InlineData("$ag-sha256$p=prefix,e=utf8$$")]
    [InlineData("$ag-scrypt$p=prefix,e=utf8,n=1048576,r=64,s=1$YQ$YWJj")]
    [InlineData("{SSHA}not base64!")]
    public void Unusable_stored_hashes_are_not_valid(string stored)
    {
        HashFormats.IsValid(stored).Should().BeFalse();
        Verify(stored, Password).Should().BeFalse();
    }
}

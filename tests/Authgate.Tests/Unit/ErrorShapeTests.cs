using System.Text;
using System.Text.Json;
using Authgate.Connections.Hashes;
using Authgate.Endpoints;

namespace Authgate.Tests.Unit;

/// <summary>Which error body each path gets, and the hash-format switch, without a server.</summary>
public sealed class ErrorShapeTests
{
    [Theory]
    [InlineData("/api/v2/clients", 404, true)]
    [InlineData("/api/v2", 405, true)]
    [InlineData("/api/v2x", 404, false)]
    [InlineData("/oauth/token", 405, false)]
    [InlineData("/userinfo", 400, false)]
    [InlineData("/mfa/challenge", 404, false)]
    [InlineData("/", 404, false)]
    public void Each_api_gets_its_shape(string path, int status, bool management)
    {
        var json = JsonDocument.Parse(Encoding.UTF8.GetString(ErrorShapes.Body(path, status))).RootElement;

        if (management)
        {
            json.GetProperty("statusCode").GetInt32().Should().Be(status);
            json.GetProperty("errorCode").GetString().Should().NotBeNullOrEmpty();
        }
        else
        {
            json.GetProperty("error").GetString().Should().Be("invalid_request");
            json.TryGetProperty("statusCode", out _).Should().BeFalse();
        }
    }

    [Theory]
    [InlineData(500, "server_error")]
    [InlineData(503, "server_error")]
    [InlineData(505, "invalid_request")]
    [InlineData(431, "invalid_request")]
    public void Oauth_codes_follow_whose_fault_it_is(int status, string error) =>
        JsonDocument.Parse(ErrorShapes.Body("/oauth/token", status)).RootElement.GetProperty("error").GetString().Should().Be(error);

    [Theory]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "Argon2id")]
    [InlineData("$argon2i$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA", "Argon2Other")]
    [InlineData("$2b$10$abcdefghijklmnopqrstuu5z1Gf4A1oUo0QmYbUhf2yCkm4BS4N3W", "Bcrypt")]
    [InlineData("$2y$10$abcdefghijklmnopqrstuu5z1Gf4A1oUo0QmYbUhf2yCkm4BS4N3W", "Bcrypt")]
    [InlineData("$pbkdf2-sha256$i=100000,l=32$c2FsdA$aGFzaA", "Pbkdf2")]
    [InlineData("{SSHA}aGFzaHNhbHQ=", "Ldap")]
    [InlineData("plaintext", "Unknown")]
    [InlineData("", "Unknown")]
    public void Hash_formats_are_told_apart_by_their_prefix(string hash, string format) =>
        HashFormats.Detect(hash).ToString().Should().Be(format);

    [Fact]
    public void Phc_strings_carry_their_parameters()
    {
        var phc = PhcString.Parse("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");

        var parameters = phc.Parameters(3);
        PhcString.Integer(parameters, "m", 0).Should().Be(19456);
        PhcString.Integer(parameters, "t", 0).Should().Be(2);
        PhcString.DecodeB64("c2FsdA").Should().Equal("salt"u8.ToArray());
    }
}

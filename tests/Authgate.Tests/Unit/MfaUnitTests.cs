using System.Text;
using Authgate.Endpoints;
using Authgate.Mfa;
using Authgate.Storage.Entities;
using Microsoft.AspNetCore.Http;

namespace Authgate.Tests.Unit;

/// <summary>The pure parts of MFA: code formats, authenticator ids, masking, list parameters in JSON bodies.</summary>
public sealed class MfaUnitTests
{
    [Theory]
    [InlineData("123456", true)]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("12345a", false)]
    [InlineData("١٢٣٤٥٦", false)]
    [InlineData(null, false)]
    public void Totp_codes_are_six_ascii_digits(string? code, bool wellFormed) => TotpCodes.IsWellFormed(code).Should().Be(wellFormed);

    [Fact]
    public void Recovery_codes_are_24_upper_case_letters_or_digits_and_typed_case_does_not_matter()
    {
        var code = RecoveryCodes.New();
        code.Should().MatchRegex("^[A-Z0-9]{24}$");
        RecoveryCodes.Normalize(code.ToLowerInvariant()).Should().Be(code);
        RecoveryCodes.Normalize(code[..23]).Should().BeNull();
        RecoveryCodes.Normalize(code[..23] + "-").Should().BeNull();
        RecoveryCodes.Matches("auth0|a", code, RecoveryCodes.Hash("auth0|a", code)).Should().BeTrue();
        RecoveryCodes.Matches("auth0|b", code, RecoveryCodes.Hash("auth0|a", code)).Should().BeFalse("the hash is bound to its user");
    }

    [Theory]
    [InlineData("totp|dev_abc", "totp", "dev_abc")]
    [InlineData("sms|dev_x", "sms", "dev_x")]
    [InlineData("recovery-code|dev_1", "recovery-code", "dev_1")]
    [InlineData("push|dev_1", null, null)]
    [InlineData("totp|", null, null)]
    [InlineData("dev_abc", null, null)]
    public void Authenticator_ids_carry_their_kind(string wireId, string? kind, string? id) =>
        AuthenticatorKinds.ParseWireId(wireId).Should().Be(kind is null ? null : (kind, id!));

    [Fact]
    public void Phone_numbers_and_email_addresses_are_masked_as_auth0_shows_them()
    {
        Authenticators.DisplayName(new MfaAuthenticator { Id = "d", UserId = "u", Kind = AuthenticatorKinds.Sms, PhoneNumber = "+14155558730" }).Should().Be("XXXXXXXX8730");
        Authenticators.DisplayName(new MfaAuthenticator { Id = "d", UserId = "u", Kind = AuthenticatorKinds.Email, Email = "jane@example.test" }).Should().Be("j***@example.test");
        Authenticators.DisplayName(new MfaAuthenticator { Id = "d", UserId = "u", Kind = AuthenticatorKinds.Totp }).Should().BeNull();
    }

    [Fact]
    public void Mfa_tokens_are_43_base64url_characters()
    {
        MfaTransactions.IsWellFormed(new string('a', 43)).Should().BeTrue();
        MfaTransactions.IsWellFormed(new string('a', 42)).Should().BeFalse();
        MfaTransactions.IsWellFormed(new string('a', 42) + "=").Should().BeFalse();
        MfaTransactions.IsWellFormed("eyJ.a.b").Should().BeFalse();
    }

    [Fact]
    public async Task Associate_bodies_may_send_authenticator_types_and_oob_channels_as_json_arrays()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"authenticator_types":["oob"],"oob_channels":["sms"],"phone_number":"+14155550100"}"""));
        context.Request.ContentType = "application/json";

        var read = await ProtocolRequestReader.ReadAsync(context, 64 * 1024, CancellationToken.None);

        read.Request!["authenticator_types"].Should().Be("oob");
        read.Request["oob_channels"].Should().Be("sms");
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"oob_channels":[1]}"""));
        (await ProtocolRequestReader.ReadAsync(context, 64 * 1024, CancellationToken.None)).Error!.Description.Should().Be("Parameter 'oob_channels' must be an array of strings.");
    }
}

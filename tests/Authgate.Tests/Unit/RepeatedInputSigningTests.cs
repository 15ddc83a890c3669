using System.Security.Cryptography;
using System.Text;
using Authgate.Tests.Infrastructure;
using Authgate.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Unit;

/// <summary>RS256/RS512 signatures of a signing input repeated within one second are computed once.</summary>
public sealed class RepeatedInputSigningTests
{
    private static readonly RSA Rsa = RSA.Create(2048);
    private readonly RsaSecurityKey key = new(Rsa) { KeyId = "k1" };
    private readonly TestClock clock = new();
    private int reused;

    private RepeatedInputSigning Factory() => new(clock, () => reused++);

    [Fact]
    public void A_repeated_input_is_signed_once_and_gets_the_signature_signing_again_would_give()
    {
        var provider = (RepeatedInputSignatureProvider)Factory().CreateForSigning(key, SecurityAlgorithms.RsaSha256);
        var input = Encoding.ASCII.GetBytes("header.payload-one");

        var first = provider.Sign(input);
        var second = provider.Sign(input);
        var span = new byte[512];
        provider.Sign(input.AsSpan(), span, out var written).Should().BeTrue();

        second.Should().Equal(first);
        span[..written].Should().Equal(first);
        first.Should().Equal(Rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), "PKCS#1 v1.5 is deterministic");
        provider.Computed.Should().Be(1);
        reused.Should().Be(2);

        // A caller that changes the array it got back does not change what the next repeat gets.
        second[0] ^= 0xFF;
        provider.Sign(input).Should().Equal(first);

        provider.Sign(Encoding.ASCII.GetBytes("header.payload-two")).Should().NotEqual(first);
        provider.Computed.Should().Be(2);
        provider.Sign(input.AsSpan(), new byte[16], out written).Should().BeFalse("the destination is too small");
        written.Should().Be(0);
    }

    [Fact]
    public void The_next_second_starts_an_empty_table()
    {
        var provider = (RepeatedInputSignatureProvider)Factory().CreateForSigning(key, SecurityAlgorithms.RsaSha512);
        var input = Encoding.ASCII.GetBytes("header.payload");
        var first = provider.Sign(input);

        clock.Advance(TimeSpan.FromSeconds(1));
        provider.Sign(input).Should().Equal(first);
        provider.Computed.Should().Be(2);
        reused.Should().Be(0);
    }

    [Fact]
    public async Task Tokens_with_the_same_claims_in_the_same_second_are_one_signature_and_valid()
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var factory = Factory();
        var credentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256) { CryptoProviderFactory = factory };
        Dictionary<string, object> Claims(string sub) => new() { ["iss"] = "https://t/", ["sub"] = sub, ["aud"] = "api", ["iat"] = 1_800_000_000L, ["exp"] = 1_800_000_600L };

        var one = handler.CreateToken(new SecurityTokenDescriptor { Claims = Claims("m@clients"), SigningCredentials = credentials });
        var two = handler.CreateToken(new SecurityTokenDescriptor { Claims = Claims("m@clients"), SigningCredentials = credentials });
        var other = handler.CreateToken(new SecurityTokenDescriptor { Claims = Claims("n@clients"), SigningCredentials = credentials });

        two.Should().Be(one);
        other.Should().NotBe(one);
        reused.Should().Be(1, "the handler signs through the factory it is given");
        ((RepeatedInputSignatureProvider)factory.CreateForSigning(key, SecurityAlgorithms.RsaSha256)).Computed.Should().Be(2);
        foreach (var token in new[] { one, other })
        {
            var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
            {
                IssuerSigningKey = new RsaSecurityKey(Rsa.ExportParameters(false)),
                ValidIssuer = "https://t/",
                ValidAudience = "api",
                ValidateLifetime = false,
            });
            result.IsValid.Should().BeTrue();
        }
    }

    [Fact]
    public void Salted_signatures_are_not_remembered()
    {
        var factory = Factory();
        var provider = factory.CreateForSigning(key, SecurityAlgorithms.RsaSsaPssSha256);
        var input = Encoding.ASCII.GetBytes("header.payload");

        provider.Should().NotBeOfType<RepeatedInputSignatureProvider>();
        provider.Sign(input).Should().NotEqual(provider.Sign(input), "PS256 signatures are salted: each one differs");
        factory.ReleaseSignatureProvider(provider);
        reused.Should().Be(0);
    }
}

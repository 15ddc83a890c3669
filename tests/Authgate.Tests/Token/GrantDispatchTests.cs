using Authgate.Grants;
using Authgate.OAuth;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Token;

/// <summary>Each grant type finds its own handler (registered under its key), and nothing else is one.</summary>
public sealed class GrantDispatchTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    [Theory]
    [InlineData(GrantTypes.Password, typeof(PasswordGrant))]
    [InlineData(GrantTypes.PasswordRealm, typeof(PasswordRealmGrant))]
    [InlineData(GrantTypes.RefreshToken, typeof(RefreshTokenGrant))]
    [InlineData(GrantTypes.ClientCredentials, typeof(ClientCredentialsGrant))]
    [InlineData(GrantTypes.MfaOtp, typeof(MfaOtpGrant))]
    [InlineData(GrantTypes.MfaOob, typeof(MfaOobGrant))]
    [InlineData(GrantTypes.MfaRecoveryCode, typeof(MfaRecoveryCodeGrant))]
    public void A_grant_type_finds_its_own_handler(string grantType, Type handler)
    {
        using var scope = factory.Services.CreateScope();
        var found = scope.ServiceProvider.GetRequiredService<GrantDispatcher>().Find(grantType);

        found.Should().BeOfType(handler);
        found!.GrantType.Should().Be(grantType);
    }

    [Theory]
    [InlineData("authorization_code")]
    [InlineData("PASSWORD")]
    [InlineData("")]
    public void Other_grant_types_find_none(string grantType)
    {
        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<GrantDispatcher>().Find(grantType).Should().BeNull();
    }

    [Fact]
    public void A_handler_registered_under_another_grant_type_is_refused_when_built()
    {
        var services = new ServiceCollection();
        GrantHandlers.Add<OtherGrant>(services, GrantTypes.Password);
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var build = () => scope.ServiceProvider.GetKeyedService<IGrantHandler>(GrantTypes.Password);

        build.Should().Throw<InvalidOperationException>().WithMessage("*OtherGrant handles client_credentials, registered for password*");
    }

    private sealed class OtherGrant : IGrantHandler
    {
        public string GrantType => GrantTypes.ClientCredentials;

        public Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

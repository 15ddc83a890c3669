using Authgate.OAuth;

namespace Authgate.Grants;

/// <summary>Registers the grant handlers, each under its grant type for <see cref="GrantDispatcher"/>.</summary>
internal static class GrantHandlers
{
    public static IServiceCollection AddGrantHandlers(this IServiceCollection services)
    {
        Add<PasswordGrant>(services, GrantTypes.Password);
        Add<PasswordRealmGrant>(services, GrantTypes.PasswordRealm);
        Add<RefreshTokenGrant>(services, GrantTypes.RefreshToken);
        Add<ClientCredentialsGrant>(services, GrantTypes.ClientCredentials);
        Add<MfaOtpGrant>(services, GrantTypes.MfaOtp);
        Add<MfaOobGrant>(services, GrantTypes.MfaOob);
        Add<MfaRecoveryCodeGrant>(services, GrantTypes.MfaRecoveryCode);
        services.AddScoped<GrantDispatcher>();
        return services;
    }

    /// <summary>The key is the grant type the handler reports, checked when it is built: the two cannot drift apart.</summary>
    internal static void Add<T>(IServiceCollection services, string grantType) where T : class, IGrantHandler
    {
        services.AddScoped<T>();
        services.AddKeyedScoped<IGrantHandler>(grantType, (provider, _) =>
        {
            var handler = provider.GetRequiredService<T>();
            return handler.GrantType == grantType ? handler : throw new InvalidOperationException($"{typeof(T).Name} handles {handler.GrantType}, registered for {grantType}");
        });
    }
}

using Authgate.OAuth;

namespace Authgate.Grants;

/// <summary>
/// <c>http://auth0.com/oauth/grant-type/password-realm</c>: the connection named by <c>realm</c>. auth0-python sends
/// this grant with <c>realm: null</c>, so a missing realm falls back to the default directory.
/// </summary>
internal sealed class PasswordRealmGrant(PasswordLogin login) : IGrantHandler
{
    public string GrantType => GrantTypes.PasswordRealm;

    public Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken) =>
        login.LoginAsync(context, context.Request[OAuthParameters.Realm], cancellationToken);
}

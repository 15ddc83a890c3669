using Authgate.OAuth;

namespace Authgate.Grants;

/// <summary><c>grant_type=password</c>: always the tenant's default directory; a <c>realm</c> parameter is ignored.</summary>
internal sealed class PasswordGrant(PasswordLogin login) : IGrantHandler
{
    public string GrantType => GrantTypes.Password;

    public Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken) =>
        login.LoginAsync(context, realm: null, cancellationToken);
}

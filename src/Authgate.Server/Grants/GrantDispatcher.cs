namespace Authgate.Grants;

/// <summary>
/// Finds the handler of a grant type: each <see cref="IGrantHandler"/> is registered keyed by its grant type
/// (<see cref="GrantHandlers.Add{T}"/>), so a request builds its own grant's handler and dependencies only, not every
/// grant's (before, a client-credentials request built the password and MFA grants' too: 6 KB, a fifth of its
/// allocations).
/// </summary>
internal sealed class GrantDispatcher(IServiceProvider services)
{
    public IGrantHandler? Find(string grantType) => services.GetKeyedService<IGrantHandler>(grantType);
}

namespace Authgate.Grants;

/// <summary>Finds the handler of a grant type among the registered <see cref="IGrantHandler"/>s.</summary>
internal sealed class GrantDispatcher(IEnumerable<IGrantHandler> handlers)
{
    private readonly Dictionary<string, IGrantHandler> byType = handlers.ToDictionary(h => h.GrantType, StringComparer.Ordinal);

    public IGrantHandler? Find(string grantType) => byType.GetValueOrDefault(grantType);
}

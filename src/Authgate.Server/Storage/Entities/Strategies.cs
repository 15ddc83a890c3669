namespace Authgate.Storage.Entities;

internal static class Strategies
{
    public const string Auth0 = "auth0";

    /// <summary>The connection strategies Authgate serves; an Auth0 export's other connections are skipped.</summary>
    public static readonly IReadOnlySet<string> Served = new HashSet<string>(StringComparer.Ordinal) { Auth0 };
}

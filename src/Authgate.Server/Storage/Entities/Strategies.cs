namespace Authgate.Storage.Entities;

internal static class Strategies
{
    public const string Auth0 = "auth0";
}

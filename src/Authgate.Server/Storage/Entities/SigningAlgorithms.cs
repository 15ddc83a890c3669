namespace Authgate.Storage.Entities;

internal static class SigningAlgorithms
{
    public const string RS256 = "RS256";
    public const string HS256 = "HS256";
}

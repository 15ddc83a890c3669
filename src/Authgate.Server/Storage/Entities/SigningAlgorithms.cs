namespace Authgate.Storage.Entities;

internal static class SigningAlgorithms
{
    public const string RS256 = "RS256";
    public const string HS256 = "HS256";
    public const string RS512 = "RS512";
    public const string PS256 = "PS256";
}

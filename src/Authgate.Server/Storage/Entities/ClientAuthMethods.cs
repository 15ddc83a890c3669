namespace Authgate.Storage.Entities;

internal static class ClientAuthMethods
{
    public const string None = "none";
    public const string ClientSecretPost = "client_secret_post";
    public const string ClientSecretBasic = "client_secret_basic";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { None, ClientSecretPost, ClientSecretBasic };
}

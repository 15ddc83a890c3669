namespace Authgate.Storage.Entities;

internal static class ClientAuthMethods
{
    public const string None = "none";
    public const string ClientSecretPost = "client_secret_post";
    public const string ClientSecretBasic = "client_secret_basic";
    /// <summary>Stored for clients that authenticate with signed assertions; Auth0 shows them with a null method.</summary>
    public const string PrivateKeyJwt = "private_key_jwt";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { None, ClientSecretPost, ClientSecretBasic };
}

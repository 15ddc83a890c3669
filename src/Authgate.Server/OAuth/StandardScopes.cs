namespace Authgate.OAuth;

/// <summary>OpenID Connect scopes, in the order Auth0 lists them in a granted <c>scope</c>.</summary>
internal static class StandardScopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string Email = "email";
    public const string Address = "address";
    public const string Phone = "phone";
    public const string OfflineAccess = "offline_access";

    /// <summary>Granted in full when a password grant asks for <c>openid</c> and no other OIDC scope.</summary>
    public static readonly string[] Oidc = [OpenId, Profile, Email, Address, Phone];

    public static bool IsOidc(string scope) => Array.IndexOf(Oidc, scope) >= 0;
}

namespace Authgate.Storage.Entities;

/// <summary>An API's <c>token_dialect</c>: the shape of its access tokens (Auth0's access token profiles).</summary>
internal static class TokenDialects
{
    /// <summary>Auth0's profile: <c>azp</c>, <c>gty</c>.</summary>
    public const string AccessToken = "access_token";

    /// <summary>Auth0's profile with the <c>permissions</c> claim.</summary>
    public const string AccessTokenAuthz = "access_token_authz";

    /// <summary>RFC 9068: <c>typ: at+jwt</c>, <c>client_id</c> and <c>jti</c> instead of <c>azp</c> and <c>gty</c>.</summary>
    public const string Rfc9068Profile = "rfc9068_profile";

    /// <summary>RFC 9068 with the <c>permissions</c> claim.</summary>
    public const string Rfc9068ProfileAuthz = "rfc9068_profile_authz";

    public static readonly string[] All = [AccessToken, AccessTokenAuthz, Rfc9068Profile, Rfc9068ProfileAuthz];

    public static bool IncludesPermissions(string dialect) => dialect is AccessTokenAuthz or Rfc9068ProfileAuthz;

    public static bool IsRfc9068(string dialect) => dialect is Rfc9068Profile or Rfc9068ProfileAuthz;
}

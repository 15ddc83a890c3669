using System.Text.Json;
using Authgate.Hosting;
using Authgate.Tokens;

namespace Authgate.Endpoints;

/// <summary>
/// <c>/.well-known/openid-configuration</c> (also served as <c>oauth-authorization-server</c>, which
/// express-oauth2-jwt-bearer tries next) and <c>/.well-known/jwks.json</c>. Only what Authgate supports is listed:
/// no authorization endpoint, since this server implements the password flow.
/// </summary>
internal static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/openid-configuration", Discovery);
        routes.MapGet("/.well-known/oauth-authorization-server", Discovery);
        routes.MapGet("/.well-known/jwks.json", Jwks);
        return routes;
    }

    private static IResult Discovery(HttpContext context, DiscoveryDocument document)
    {
        context.Response.Headers.CacheControl = "public, max-age=15, stale-while-revalidate=15, stale-if-error=86400";
        return Results.Bytes(document.Json, "application/json; charset=utf-8");
    }

    private static IResult Jwks(HttpContext context, SigningKeyRing keys)
    {
        context.Response.Headers.CacheControl = "public, max-age=15, stale-while-revalidate=15, stale-if-error=86400";
        return Results.Bytes(keys.JwksJson, "application/json; charset=utf-8");
    }
}

/// <summary>The discovery document, serialized once for the resolved issuer.</summary>
internal sealed class DiscoveryDocument(Issuer issuer)
{
    private byte[]? json;

    public byte[] Json => json ??= Build();

    private byte[] Build()
    {
        var document = new Dictionary<string, object>
        {
            ["issuer"] = issuer.Value,
            ["token_endpoint"] = issuer.Url("oauth/token"),
            ["userinfo_endpoint"] = issuer.Url("userinfo"),
            ["jwks_uri"] = issuer.Url(".well-known/jwks.json"),
            ["scopes_supported"] = new[] { "openid", "profile", "offline_access", "name", "given_name", "family_name", "nickname", "email", "email_verified", "picture", "created_at", "identities", "phone", "address" },
            ["response_types_supported"] = Array.Empty<string>(),
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "HS256", "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["claims_supported"] = new[] { "aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "nickname", "picture", "sub", "updated_at" },
            ["request_uri_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, OAuth.ProtocolJson.Default.DictionaryStringObject);
    }
}

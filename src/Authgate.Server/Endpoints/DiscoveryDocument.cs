using System.Text.Json;
using Authgate.Hosting;
using Authgate.Tokens;

namespace Authgate.Endpoints;

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
            ["revocation_endpoint"] = issuer.Url("oauth/revoke"),
            ["scopes_supported"] = new[] { "openid", "profile", "offline_access", "name", "given_name", "family_name", "nickname", "email", "email_verified", "picture", "created_at", "identities", "phone", "address" },
            ["response_types_supported"] = Array.Empty<string>(),
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "HS256", "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "private_key_jwt" },
            ["token_endpoint_auth_signing_alg_values_supported"] = new[] { "RS256", "RS384", "PS256" },
            ["claims_supported"] = new[] { "aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "nickname", "picture", "sub", "updated_at" },
            ["request_uri_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, OAuth.ProtocolJson.Wire.DictionaryStringObject);
    }
}

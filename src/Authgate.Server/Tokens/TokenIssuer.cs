using System.Diagnostics;
using System.Text;
using Authgate.Hosting;
using Authgate.OAuth;
using Authgate.Observability;
using Authgate.Security;
using Authgate.Storage.Entities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>
/// Creates access tokens (Auth0's <c>access_token</c> dialect) and ID tokens. An access token for an API is a JWT
/// signed with the tenant key (RS256) or the API's secret (HS256); without an API it is, as at Auth0, an
/// encrypted token only <c>/userinfo</c> can read.
/// </summary>
internal sealed class TokenIssuer(SigningKeyRing keys, Issuer issuer, SecretProtector protector, UserInfoTokenKeys userInfoKeys, TimeProvider time, AuthgateMetrics metrics)
{
    public const int UserInfoTokenLifetimeSeconds = 86400;

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly RepeatedInputSigning clientCredentialsSigning = new(time, () => metrics.SignaturesReused.Add(1));

    public IssuedTokens Issue(TokenContents grant)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var openId = (grant.IdentityScopes ?? grant.Scopes).Contains(StandardScopes.OpenId);
        var accessToken = grant.Api is { } api
            ? CreateApiAccessToken(grant, api, openId, now)
            : CreateUserInfoAccessToken(grant, now);
        var expiresIn = grant.Api?.TokenLifetimeSeconds ?? UserInfoTokenLifetimeSeconds;
        var idToken = openId && grant.User is { } user ? CreateIdToken(grant, user, now) : null;
        return new IssuedTokens(accessToken, expiresIn, idToken);
    }

    /// <summary>
    /// The API's token dialect decides the shape: Auth0's profile (<c>azp</c>, <c>gty</c>) or RFC 9068
    /// (<c>typ: at+jwt</c>, <c>client_id</c>, <c>jti</c>); the <c>*_authz</c> dialects add <c>permissions</c>.
    /// </summary>
    private string CreateApiAccessToken(TokenContents grant, ResourceServer api, bool openId, long now)
    {
        var hs256 = api.SigningAlg == SigningAlgorithms.HS256;
        var rfc9068 = TokenDialects.IsRfc9068(api.TokenDialect);
        // An HS256 token can only be checked by its API, so it never carries the /userinfo audience.
        object audience = openId && !hs256 ? new[] { api.Identifier, issuer.UserInfoAudience } : api.Identifier;
        var claims = new Dictionary<string, object>(10)
        {
            ["iss"] = issuer.Value,
            ["sub"] = grant.Subject,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + api.TokenLifetimeSeconds,
            ["scope"] = string.Join(' ', grant.Scopes),
        };
        if (rfc9068)
        {
            claims["jti"] = RandomValues.Id(22);
            claims["client_id"] = grant.Client.ClientId;
        }
        else
        {
            claims["gty"] = grant.GrantTypeClaim;
            claims["azp"] = grant.Client.ClientId;
        }

        if (TokenDialects.IncludesPermissions(api.TokenDialect))
        {
            claims["permissions"] = grant.Permissions ?? [];
        }

        AddCustom(claims, grant.AccessTokenClaims);
        var credentials = hs256
            ? new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiSecret(api))), SecurityAlgorithms.HmacSha256)
            : TenantKey(api.SigningAlg, repeatable: grant.User is null && !rfc9068);
        return Sign(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = credentials,
            TokenType = rfc9068 ? "at+jwt" : null,
        });
    }

    private string CreateUserInfoAccessToken(TokenContents grant, long now)
    {
        var claims = new Dictionary<string, object>(8)
        {
            ["iss"] = issuer.Value,
            ["sub"] = grant.Subject,
            ["aud"] = issuer.UserInfoAudience,
            ["iat"] = now,
            ["exp"] = now + UserInfoTokenLifetimeSeconds,
            ["scope"] = string.Join(' ', grant.Scopes),
            ["azp"] = grant.Client.ClientId,
        };
        return Sign(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = userInfoKeys.Signing,
            EncryptingCredentials = userInfoKeys.Encrypting,
        });
    }

    private string CreateIdToken(TokenContents grant, User user, long now)
    {
        var client = grant.Client;
        var claims = new Dictionary<string, object>(16);
        UserClaims.Add(claims, user, grant.IdentityScopes ?? grant.Scopes);
        AddCustom(claims, grant.IdTokenClaims);
        claims["iss"] = issuer.Value;
        claims["sub"] = user.UserId;
        claims["aud"] = client.ClientId;
        claims["iat"] = now;
        claims["exp"] = now + client.IdTokenLifetimeSeconds;

        // Public clients have no secret to share with the verifier, so Auth0 forces RS256 for them.
        var credentials = client.JwtAlg == SigningAlgorithms.HS256 && !client.IsPublic
            ? new SigningCredentials(new SymmetricSecurityKey(ClientSecretKey(client)), SecurityAlgorithms.HmacSha256)
            : TenantKey(client.IsPublic ? SigningAlgorithms.RS256 : client.JwtAlg, repeatable: false);
        return Sign(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials });
    }

    private string Sign(SecurityTokenDescriptor descriptor)
    {
        using var activity = AuthgateTracing.Source.StartActivity("sign");
        var started = Stopwatch.GetTimestamp();
        var token = Handler.CreateToken(descriptor);
        metrics.SigningDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("alg", descriptor.SigningCredentials.Algorithm));
        return token;
    }

    /// <summary>
    /// The tenant's current RSA key, with the hash and padding the API or client asked for (RS256, RS512, PS256). A
    /// client-credentials token (no user) in Auth0's dialect is <paramref name="repeatable"/>: machine clients that ask
    /// for a new token on every call send the same request many times a second, and its signing input repeated within
    /// the same second is signed once (<see cref="RepeatedInputSigning"/>). RFC 9068 tokens carry a random <c>jti</c>,
    /// so they never repeat and are not remembered. Tokens for users are signed every time: a user's identical
    /// tokens within one second happen in load tests, not in use, and their cost is what the benchmarks measure.
    /// </summary>
    private SigningCredentials TenantKey(string alg, bool repeatable)
    {
        var credentials = new SigningCredentials(keys.CurrentKey.Key, alg switch
        {
            SigningAlgorithms.RS512 => SecurityAlgorithms.RsaSha512,
            SigningAlgorithms.PS256 => SecurityAlgorithms.RsaSsaPssSha256,
            _ => SecurityAlgorithms.RsaSha256,
        });
        if (repeatable)
        {
            credentials.CryptoProviderFactory = clientCredentialsSigning;
        }

        return credentials;
    }

    /// <summary>The HS256 key of a client's ID tokens: its secret, or the secret's base64url-decoded bytes when <c>secret_encoded</c>.</summary>
    private byte[] ClientSecretKey(Client client)
    {
        var secret = protector.Unprotect(client.ClientSecretProtected, SecretPurposes.ClientSecret);
        return client.JwtSecretEncoded ? Base64UrlEncoder.DecodeBytes(secret) : Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>
    /// Custom claims come filtered (<see cref="Issuance.CustomClaims"/>): registered claims are never among them, so
    /// only profile claims such as <c>nickname</c> can be replaced, as Auth0 allows.
    /// </summary>
    private static void AddCustom(Dictionary<string, object> claims, IReadOnlyDictionary<string, object> custom)
    {
        foreach (var (name, value) in custom)
        {
            claims[name] = value;
        }
    }

    private string ApiSecret(ResourceServer api) =>
        protector.Unprotect(api.SigningSecretProtected ?? throw new InvalidOperationException($"API {api.Id} uses HS256 without a signing secret."), SecretPurposes.ApiSigningSecret);
}

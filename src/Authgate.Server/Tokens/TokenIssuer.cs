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

    public IssuedTokens Issue(TokenGrant grant)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var openId = grant.Scopes.Contains(StandardScopes.OpenId);
        var accessToken = grant.Api is { } api
            ? CreateApiAccessToken(grant, api, openId, now)
            : CreateUserInfoAccessToken(grant, now);
        var expiresIn = grant.Api?.TokenLifetimeSeconds ?? UserInfoTokenLifetimeSeconds;
        var idToken = openId && grant.User is { } user ? CreateIdToken(grant.Client, user, grant.Scopes, now) : null;
        return new IssuedTokens(accessToken, expiresIn, idToken);
    }

    private string CreateApiAccessToken(TokenGrant grant, ResourceServer api, bool openId, long now)
    {
        var hs256 = api.SigningAlg == SigningAlgorithms.HS256;
        // An HS256 token can only be checked by its API, so it never carries the /userinfo audience.
        object audience = openId && !hs256 ? new[] { api.Identifier, issuer.UserInfoAudience } : api.Identifier;
        var claims = new Dictionary<string, object>(8)
        {
            ["iss"] = issuer.Value,
            ["sub"] = grant.Subject,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + api.TokenLifetimeSeconds,
            ["scope"] = string.Join(' ', grant.Scopes),
            ["gty"] = grant.GrantTypeClaim,
            ["azp"] = grant.Client.ClientId,
        };
        var credentials = hs256
            ? new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiSecret(api))), SecurityAlgorithms.HmacSha256)
            : new SigningCredentials(keys.CurrentKey.Key, SecurityAlgorithms.RsaSha256);
        return Sign(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials });
    }

    private string CreateUserInfoAccessToken(TokenGrant grant, long now)
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

    private string CreateIdToken(Client client, User user, IReadOnlyList<string> scopes, long now)
    {
        var claims = new Dictionary<string, object>(16);
        UserClaims.Add(claims, user, scopes);
        claims["iss"] = issuer.Value;
        claims["sub"] = user.UserId;
        claims["aud"] = client.ClientId;
        claims["iat"] = now;
        claims["exp"] = now + client.IdTokenLifetimeSeconds;

        // Public clients have no secret to share with the verifier, so Auth0 forces RS256 for them.
        var credentials = client.JwtAlg == SigningAlgorithms.HS256 && !client.IsPublic
            ? new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(protector.Unprotect(client.ClientSecretProtected, SecretPurposes.ClientSecret))), SecurityAlgorithms.HmacSha256)
            : new SigningCredentials(keys.CurrentKey.Key, SecurityAlgorithms.RsaSha256);
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

    private string ApiSecret(ResourceServer api) =>
        protector.Unprotect(api.SigningSecretProtected ?? throw new InvalidOperationException($"API {api.Id} uses HS256 without a signing secret."), SecretPurposes.ApiSigningSecret);
}

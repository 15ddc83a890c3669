using Authgate.Hosting;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Clients;

/// <summary>
/// Checks <c>private_key_jwt</c> client assertions (contract §1.1): at most 2048 bytes; <c>iss</c> = <c>sub</c> = the
/// client id; <c>aud</c> the issuer (or the token endpoint); <c>exp</c> at most 5 minutes ahead; <c>iat</c>/<c>nbf</c>
/// with 10 s of skew; signed with one of the client's keys using that key's algorithm; <c>jti</c> used once, recorded
/// in the shared database so a replay fails on every node.
/// </summary>
internal sealed class ClientAssertions(RequestStorage storage, Issuer issuer, TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public const int MaxLength = 2048;
    private static readonly TimeSpan Skew = JwtPolicy.ClockSkew;
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<(Client? Client, OAuthError? Error)> AuthenticateAsync(string assertion, string? clientId, CancellationToken cancellationToken)
    {
        if (assertion.Length > MaxLength)
        {
            return Fail("client_assertion is longer than 2048 bytes.");
        }

        JsonWebToken token;
        try
        {
            token = Handler.ReadJsonWebToken(assertion);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return Fail("client_assertion is not a valid JWT.");
        }

        var iss = token.Issuer;
        if (string.IsNullOrEmpty(iss) || iss != token.Subject || iss.Length > 64)
        {
            return Fail("client_assertion must have iss and sub equal to the client id.");
        }

        if (clientId is not null && clientId != iss)
        {
            return Fail("client_assertion was not issued by client_id.");
        }

        var client = await storage.Context.Clients.FirstOrDefaultAsync(c => c.ClientId == iss, cancellationToken);
        if (client is null || client.TokenEndpointAuthMethod != ClientAuthMethods.PrivateKeyJwt)
        {
            return Fail("The client does not authenticate with private_key_jwt.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var credentials = await storage.Context.ClientCredentials
            .Where(c => c.ClientId == client.ClientId && (c.ExpiresAt == null || c.ExpiresAt > now) && c.Alg == token.Alg)
            .ToListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(token.Kid))
        {
            credentials = credentials.Where(c => c.Kid == token.Kid).ToList();
        }

        if (credentials.Count == 0)
        {
            return Fail("No credential of the client matches the assertion's alg and kid.");
        }

        var keys = credentials.Select(c => PublicKeys.FromPem(c.Pem)).OfType<System.Security.Cryptography.RSA>()
            .Select(rsa => (SecurityKey)new RsaSecurityKey(rsa)).ToList();
        // The shared policy (exact audience, nbf, crit, no key-bearing headers), then Auth0's 5-minute cap on exp.
        var parameters = JwtPolicy.Parameters(new JwtPolicy.Expectations(
            [client.ClientId], [issuer.Value, issuer.Url("oauth/token")], keys, [token.Alg], KeyIdRequired: false), time);
        if (await JwtPolicy.ValidateAsync(assertion, parameters) is null || token.ValidTo > now + MaxLifetime + Skew)
        {
            return Fail("client_assertion failed validation (signature, audience or lifetime).");
        }

        if (token.TryGetPayloadValue<long>("iat", out var iat) && DateTimeOffset.FromUnixTimeSeconds(iat).UtcDateTime > now + Skew)
        {
            return Fail("client_assertion was issued in the future.");
        }

        var jti = token.Id;
        if (string.IsNullOrEmpty(jti) || jti.Length > 64)
        {
            return Fail("client_assertion needs a jti of at most 64 characters.");
        }

        var expiresAt = new DateTimeOffset(token.ValidTo, TimeSpan.Zero).ToUnixTimeMilliseconds() + (long)Skew.TotalMilliseconds;
        var recorded = await storage.Context.Database.ExecuteSqlAsync(
            $"INSERT INTO client_assertion_jtis (client_id, jti, expires_at) VALUES ({client.ClientId}, {jti}, {expiresAt}) ON CONFLICT (client_id, jti) DO NOTHING",
            cancellationToken);
        return recorded == 1 ? (client, null) : Fail("client_assertion jti has already been used.");
    }

    private static (Client?, OAuthError?) Fail(string description) => (null, OAuthErrors.InvalidClientAssertion(description));
}

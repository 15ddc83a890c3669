using Authgate.Tokens;
using Authgate.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Management;

/// <summary>Validates Management API access tokens: RS256 from the key ring, this issuer, the <c>{issuer}api/v2/</c> audience, not expired.</summary>
internal sealed class ManagementTokenValidator(SigningKeyRing keys, Issuer issuer, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<(ManagementCaller? Caller, ManagementError? Error)> ValidateAsync(string token)
    {
        if (token.Length > 16 * 1024)
        {
            return (null, ManagementError.InvalidToken());
        }

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Value,
            ValidAudience = issuer.Url("api/v2/"),
            IssuerSigningKeys = keys.ValidationKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > time.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid)
        {
            var expired = result.Exception is SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException;
            return (null, ManagementError.InvalidToken(expired ? "Expired token received for JSON Web Token validator" : "Invalid token"));
        }

        var scopes = result.Claims.TryGetValue("scope", out var s) && s is string scope
            ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : [];
        var azp = result.Claims.TryGetValue("azp", out var a) ? a as string : null;
        var sub = result.Claims.TryGetValue("sub", out var u) ? u as string : null;
        return (new ManagementCaller(azp ?? sub ?? "", sub ?? "", scopes), null);
    }
}

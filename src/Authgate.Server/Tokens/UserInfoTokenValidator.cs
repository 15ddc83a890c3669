using Authgate.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>
/// Accepts the access tokens that may call <c>/userinfo</c>: RS256 JWTs from the key ring whose audience includes
/// <c>{issuer}userinfo</c>, and the encrypted tokens issued when no API was requested.
/// </summary>
internal sealed class UserInfoTokenValidator(SigningKeyRing keys, UserInfoTokenKeys userInfoKeys, Issuer issuer, TimeProvider time)
{
    public sealed record Result(string? Subject, IReadOnlyList<string> Scopes, string? Error);

    private static readonly JsonWebTokenHandler Handler = new();

    private volatile Cache? cached;

    public async Task<Result> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var encrypted = token.Count(c => c == '.') == 4;
        var parameters = encrypted ? Parameters().Encrypted : Parameters().Signed;

        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            var expired = result.Exception is SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException;
            return new Result(null, [], expired ? "The token has expired" : "Invalid token");
        }

        var subject = result.Claims.TryGetValue("sub", out var sub) ? sub as string : null;
        var scope = result.Claims.TryGetValue("scope", out var s) ? s as string : null;
        return subject is null
            ? new Result(null, [], "Invalid token")
            : new Result(subject, (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries), null);
    }

    /// <summary>Built once per key-ring state: the parameters do not change between requests.</summary>
    private Cache Parameters()
    {
        var snapshot = keys.Current;
        if (cached is { } current && ReferenceEquals(current.Keys, snapshot))
        {
            return current;
        }

        TokenValidationParameters Build(bool encrypted) => new()
        {
            ValidIssuer = issuer.Value,
            ValidAudience = issuer.UserInfoAudience,
            IssuerSigningKeys = encrypted ? [userInfoKeys.ValidationKey] : snapshot.ValidationKeys,
            TokenDecryptionKey = encrypted ? userInfoKeys.DecryptionKey : null,
            // For encrypted tokens the list also covers the content encryption.
            ValidAlgorithms = encrypted ? [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.Aes256CbcHmacSha512] : [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > time.GetUtcNow().UtcDateTime,
        };

        var built = new Cache(snapshot, Build(false), Build(true));
        cached = built;
        return built;
    }

    private sealed record Cache(SigningKeyRing.Snapshot Keys, TokenValidationParameters Signed, TokenValidationParameters Encrypted);
}

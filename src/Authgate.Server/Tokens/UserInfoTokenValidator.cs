using Authgate.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>
/// Accepts the access tokens that may call <c>/userinfo</c>: RS256 JWTs from the key ring whose audience includes
/// <c>{issuer}userinfo</c>, and the encrypted tokens issued when no API was requested.
/// </summary>
internal sealed class UserInfoTokenValidator(SigningKeyRing keys, UserInfoTokenKeys userInfoKeys, Issuer issuer, TimeProvider time)
{
    public sealed record Result(string? Subject, IReadOnlyList<string> Scopes, string? Error);

    private readonly ValidatedTokenCache<Result> validated = new(time);
    private volatile Cache? cached;

    public async Task<Result> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var cache = Parameters();
        if (validated.TryGet(cache, token, out var known))
        {
            return known;
        }

        var encrypted = token.AsSpan().Count('.') == 4;
        var result = await JwtPolicy.ValidateAsync(token, encrypted ? cache.Encrypted : cache.Signed);
        if (result is null)
        {
            return new Result(null, [], !encrypted && JwtPolicy.IsExpired(token, time) ? "The token has expired" : "Invalid token");
        }

        var subject = result.Claims.TryGetValue("sub", out var sub) ? sub as string : null;
        var scope = result.Claims.TryGetValue("scope", out var s) ? s as string : null;
        if (string.IsNullOrEmpty(subject))
        {
            return new Result(null, [], "Invalid token");
        }

        var accepted = new Result(subject, (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries), null);
        if (JwtPolicy.ExpiresAt(result) is { } expires)
        {
            validated.Add(cache, token, accepted, expires);
        }

        return accepted;
    }

    /// <summary>Built once per key-ring state: the parameters do not change between requests.</summary>
    private Cache Parameters()
    {
        var snapshot = keys.Current;
        if (cached is { } current && ReferenceEquals(current.Keys, snapshot))
        {
            return current;
        }

        // For encrypted tokens the algorithm list also covers the content encryption.
        var signed = JwtPolicy.Parameters(new JwtPolicy.Expectations(
            [issuer.Value], [issuer.UserInfoAudience], snapshot.ValidationKeys, [SecurityAlgorithms.RsaSha256]), time);
        var sealedToken = JwtPolicy.Parameters(new JwtPolicy.Expectations(
            [issuer.Value], [issuer.UserInfoAudience], [userInfoKeys.ValidationKey],
            [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.Aes256CbcHmacSha512], userInfoKeys.DecryptionKey), time);
        var built = new Cache(snapshot, signed, sealedToken);
        cached = built;
        return built;
    }

    private sealed record Cache(SigningKeyRing.Snapshot Keys, TokenValidationParameters Signed, TokenValidationParameters Encrypted);
}

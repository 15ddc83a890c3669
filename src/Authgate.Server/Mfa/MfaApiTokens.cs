using Authgate.Hosting;
using Authgate.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Mfa;

/// <summary>
/// Validates MFA API access tokens (audience <c>{issuer}mfa/</c>, obtained with the password grant and, when the user
/// has a factor, a completed MFA challenge) under <see cref="JwtPolicy"/>, like every JWT Authgate accepts.
/// </summary>
internal sealed class MfaApiTokens(SigningKeyRing keys, Issuer issuer, TimeProvider time)
{
    private volatile Cache? cached;

    public sealed record Holder(string UserId, string? ClientId, IReadOnlySet<string> Scopes);

    /// <summary>The user and scopes of a valid token; null and whether it merely expired otherwise.</summary>
    public async Task<(Holder? Holder, bool Expired)> ValidateAsync(string token)
    {
        var result = await JwtPolicy.ValidateAsync(token, Parameters());
        if (result is null)
        {
            return (null, JwtPolicy.IsExpired(token, time));
        }

        var sub = result.Claims.TryGetValue("sub", out var s) ? s as string : null;
        // A client's own token (client credentials) has no user to act for.
        if (string.IsNullOrEmpty(sub) || sub.EndsWith("@clients", StringComparison.Ordinal))
        {
            return (null, false);
        }

        var scopes = result.Claims.TryGetValue("scope", out var sc) && sc is string scope
            ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : [];
        return (new Holder(sub, result.Claims.TryGetValue("azp", out var azp) ? azp as string : null, scopes), false);
    }

    private TokenValidationParameters Parameters()
    {
        var snapshot = keys.Current;
        if (cached is { } current && ReferenceEquals(current.Keys, snapshot))
        {
            return current.Parameters;
        }

        var built = new Cache(snapshot, JwtPolicy.Parameters(new JwtPolicy.Expectations(
            [issuer.Value], [issuer.Url("mfa/")], snapshot.ValidationKeys, [SecurityAlgorithms.RsaSha256]), time));
        cached = built;
        return built.Parameters;
    }

    private sealed record Cache(SigningKeyRing.Snapshot Keys, TokenValidationParameters Parameters);
}

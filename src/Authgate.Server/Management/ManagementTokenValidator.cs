using Authgate.Hosting;
using Authgate.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Management;

/// <summary>
/// Validates Management API access tokens under <see cref="JwtPolicy"/>: RS256 from the key ring, this issuer, the
/// exact <c>{issuer}api/v2/</c> audience. Tells a machine caller (a client-credentials token, <c>{client_id}@clients</c>)
/// from an end user, whose token may only carry the <c>*:current_user*</c> scopes.
/// </summary>
internal sealed class ManagementTokenValidator(SigningKeyRing keys, Issuer issuer, TimeProvider time)
{
    private volatile Cache? cached;

    public async Task<(ManagementCaller? Caller, ManagementError? Error)> ValidateAsync(string token)
    {
        var result = await JwtPolicy.ValidateAsync(token, Parameters());
        if (result is null)
        {
            return (null, ManagementError.InvalidToken(JwtPolicy.IsExpired(token, time) ? "Expired token received for JSON Web Token validator" : "Invalid token"));
        }

        var scopes = result.Claims.TryGetValue("scope", out var s) && s is string scope
            ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : [];
        var azp = result.Claims.TryGetValue("azp", out var a) ? a as string : null;
        var sub = result.Claims.TryGetValue("sub", out var u) ? u as string : null;
        var gty = result.Claims.TryGetValue("gty", out var g) ? g as string : null;
        if (string.IsNullOrEmpty(sub))
        {
            return (null, ManagementError.InvalidToken());
        }

        // Only a client-credentials token names a client as its subject; anything else acts for a user.
        var machine = gty == ManagementCaller.ClientCredentialsGty && azp is not null && sub == azp + "@clients";
        return machine
            ? (new ManagementCaller(azp!, sub, scopes, EndUser: false), null)
            : (new ManagementCaller(azp ?? "", sub, scopes.Where(ManagementScopes.CurrentUser.Contains).ToHashSet(StringComparer.Ordinal), EndUser: true), null);
    }

    /// <summary>Built once per key-ring state.</summary>
    private TokenValidationParameters Parameters()
    {
        var snapshot = keys.Current;
        if (cached is { } current && ReferenceEquals(current.Keys, snapshot))
        {
            return current.Parameters;
        }

        var built = new Cache(snapshot, JwtPolicy.Parameters(new JwtPolicy.Expectations(
            [issuer.Value], [issuer.Url("api/v2/")], snapshot.ValidationKeys, [SecurityAlgorithms.RsaSha256]), time));
        cached = built;
        return built.Parameters;
    }

    private sealed record Cache(SigningKeyRing.Snapshot Keys, TokenValidationParameters Parameters);
}

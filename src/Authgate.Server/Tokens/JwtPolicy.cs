using System.Buffers.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>
/// The one validation policy for every JWT Authgate accepts (access tokens at <c>/userinfo</c> and the Management
/// API, <c>private_key_jwt</c> assertions, MFA tokens): signature by a key we hold under an allowed algorithm, exact
/// issuer, byte-exact audience, <c>exp</c> required and strictly in the future, <c>nbf</c> at most
/// <see cref="ClockSkew"/> ahead, and a header without <c>crit</c> (RFC 7515 §4.1.11: we implement no extension) or
/// key-bearing parameters (<c>jku</c>, <c>x5u</c>, <c>jwk</c>): keys come only from our own stores, never from the token.
/// </summary>
internal static class JwtPolicy
{
    /// <summary>How far ahead of our clock a token's <c>nbf</c> or <c>iat</c> may be (another node's clock).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(10);

    /// <summary>Longest token accepted, in characters; anything longer is refused before parsing.</summary>
    public const int MaxLength = 16 * 1024;

    private static readonly JsonWebTokenHandler Handler = new();

    private static readonly string[] ForbiddenHeaders = ["crit", "jku", "x5u", "jwk"];

    /// <summary>Parameters that differ per caller kind; everything else is fixed here.</summary>
    public sealed record Expectations(
        IEnumerable<string> Issuers,
        IEnumerable<string> Audiences,
        IEnumerable<SecurityKey> Keys,
        IEnumerable<string> Algorithms,
        SecurityKey? DecryptionKey = null,
        bool KeyIdRequired = true);

    /// <summary>Builds the parameters once; callers cache them per key-ring state.</summary>
    public static TokenValidationParameters Parameters(Expectations expected, TimeProvider time) => new()
    {
        ValidIssuers = expected.Issuers,
        ValidAudiences = expected.Audiences,
        // The library ignores a trailing slash by default: ".../api/v2" would pass for ".../api/v2/".
        IgnoreTrailingSlashWhenValidatingAudience = false,
        IssuerSigningKeys = expected.Keys,
        TryAllIssuerSigningKeys = !expected.KeyIdRequired,
        ValidAlgorithms = expected.Algorithms,
        TokenDecryptionKey = expected.DecryptionKey,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        LifetimeValidator = (notBefore, expires, _, _) => IsCurrent(notBefore, expires, time.GetUtcNow().UtcDateTime),
    };

    /// <summary>Validates <paramref name="token"/>; null when it fails any rule.</summary>
    public static async Task<TokenValidationResult?> ValidateAsync(string token, TokenValidationParameters parameters)
    {
        if (token.Length is 0 or > MaxLength || !HeaderIsAcceptable(token))
        {
            return null;
        }

        var result = await Handler.ValidateTokenAsync(token, parameters);
        return result.IsValid ? result : null;
    }

    /// <summary>The <c>exp</c> of a token <see cref="ValidateAsync"/> accepted (it requires one).</summary>
    public static DateTimeOffset? ExpiresAt(TokenValidationResult result) =>
        result.Claims.TryGetValue("exp", out var exp) && exp is int or long
            ? DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(exp, System.Globalization.CultureInfo.InvariantCulture))
            : null;

    /// <summary>True when the failure is only that the token has expired (for Auth0's distinct message).</summary>
    public static bool IsExpired(string token, TimeProvider time)
    {
        try
        {
            return Handler.ReadJsonWebToken(token) is { ValidTo: var exp } && exp != DateTime.MinValue && exp <= time.GetUtcNow().UtcDateTime;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return false;
        }
    }

    internal static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } exp && exp > now && !(notBefore > now + ClockSkew);

    /// <summary>
    /// Reads the protected header (of a JWS, or the outer header of a JWE) and refuses the parameters we never
    /// honour. Checked on the raw JSON because the library ignores <c>crit</c> and would not say so.
    /// </summary>
    internal static bool HeaderIsAcceptable(string token)
    {
        var end = token.IndexOf('.', StringComparison.Ordinal);
        if (end <= 0 || end > 4096)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[Base64Url.GetMaxDecodedLength(end)];
        if (Base64Url.DecodeFromChars(token.AsSpan(0, end), header, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(header[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                // A repeated header parameter could be read one way here and another way by the library.
                if (!seen.Add(name) || ForbiddenHeaders.Contains(name, StringComparer.Ordinal))
                {
                    return false;
                }

                if (name == "alg" && (!reader.Read() || reader.TokenType != JsonTokenType.String || string.Equals(reader.GetString(), "none", StringComparison.OrdinalIgnoreCase)))
                {
                    return false;
                }

                reader.Skip();
            }

            return reader.TokenType == JsonTokenType.EndObject && seen.Contains("alg");
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

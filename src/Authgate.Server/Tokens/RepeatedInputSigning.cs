using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>
/// RSASSA-PKCS1-v1_5 (RS256, RS512) is deterministic: one key and one signing input (the encoded header and payload)
/// always give the same signature. A token without a <c>jti</c> is therefore byte-identical to any other issued in the
/// same second with the same claims — a client-credentials client asking again and again, the pattern of a flood — so
/// each distinct input is signed once and its repeats in the same second take the signature already computed. Nothing
/// changes on the wire: a repeat gets exactly the token signing again would have given. Only the current second's
/// inputs are held (at most <see cref="Capacity"/>), so the table stays small; PS256, whose signatures are salted, and
/// every other algorithm are signed as usual.
/// </summary>
internal sealed class RepeatedInputSigning(TimeProvider time, Action reused) : CryptoProviderFactory
{
    /// <summary>Distinct signing inputs remembered per second and key.</summary>
    public const int Capacity = 1024;

    private readonly ConditionalWeakTable<SecurityKey, ConcurrentDictionary<string, RepeatedInputSignatureProvider>> providers = [];

    public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm) => CreateForSigning(key, algorithm, cacheProvider: true);

    public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm, bool cacheProvider)
    {
        if (algorithm is not (SecurityAlgorithms.RsaSha256 or SecurityAlgorithms.RsaSha512) || key is not RsaSecurityKey)
        {
            return Default.CreateForSigning(key, algorithm, cacheProvider);
        }

        return providers.GetValue(key, _ => new ConcurrentDictionary<string, RepeatedInputSignatureProvider>(StringComparer.Ordinal))
            .GetOrAdd(algorithm, (alg, state) => new RepeatedInputSignatureProvider(state.Key, alg, Default.CreateForSigning(state.Key, alg), time, state.Reused), (Key: key, Reused: reused));
    }

    public override void ReleaseSignatureProvider(SignatureProvider signatureProvider)
    {
        // Ours live as long as their key; the inner one belongs to the default factory's cache.
        if (signatureProvider is not RepeatedInputSignatureProvider)
        {
            Default.ReleaseSignatureProvider(signatureProvider);
        }
    }
}

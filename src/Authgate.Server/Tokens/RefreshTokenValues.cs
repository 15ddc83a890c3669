using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Authgate.Security;

namespace Authgate.Tokens;

/// <summary>
/// Refresh token values and their stored hashes. A first token is 256 random bits; the successor of a token is
/// derived from it with a server key (HMAC-SHA256), so every request that presents the same token within the
/// leeway, on any node, answers with the same successor without the server ever storing a plain value.
/// </summary>
internal sealed class RefreshTokenValues(EncryptionKey key)
{
    private const string Prefix = "v1.";
    private readonly byte[] derivationKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, 32, info: "authgate refresh token successor"u8.ToArray());

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public string Successor(string value) =>
        Prefix + Base64Url.EncodeToString(HMACSHA256.HashData(derivationKey, Encoding.UTF8.GetBytes(value)));

    /// <summary>SHA-256, hex: what the database holds (hex avoids collation surprises on any provider).</summary>
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Authgate.Security;

/// <summary>
/// Encrypts secrets that must be read back (client secrets sign HS256 ID tokens, API secrets sign HS256 access
/// tokens, private signing keys sign everything) with AES-256-GCM under the tenant's encryption key. The
/// purpose is bound as associated data so a value cannot be moved from one column to another.
/// </summary>
internal sealed class SecretProtector(EncryptionKey key)
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string Protect(string plaintext, string purpose)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Bytes, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(purpose));
        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Base64Url.EncodeToString(output);
    }

    public string Unprotect(string protectedValue, string purpose)
    {
        var data = Decode(protectedValue);
        var plain = new byte[data.Length - NonceSize - TagSize];
        Decrypt(data, purpose, plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// Whether <paramref name="presented"/> is the protected secret, compared in constant time. The secret is decrypted
    /// into bytes that are wiped right after the comparison, never into a string, which could not be wiped and would
    /// stay in the heap until collected (a client's secret, on every token request).
    /// </summary>
    public bool Matches(string protectedValue, string purpose, string presented)
    {
        var data = Decode(protectedValue);
        var length = data.Length - NonceSize - TagSize;
        Span<byte> expected = length <= 256 ? stackalloc byte[length] : new byte[length];
        var presentedLength = Encoding.UTF8.GetByteCount(presented);
        Span<byte> actual = presentedLength <= 256 ? stackalloc byte[presentedLength] : new byte[presentedLength];
        try
        {
            Decrypt(data, purpose, expected);
            Encoding.UTF8.GetBytes(presented, actual);
            return CryptographicOperations.FixedTimeEquals(expected, actual);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    private static byte[] Decode(string protectedValue)
    {
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown protected value format.");
        }

        var data = Base64Url.DecodeFromChars(protectedValue.AsSpan(Prefix.Length));
        return data.Length >= NonceSize + TagSize ? data : throw new CryptographicException("Protected value is truncated.");
    }

    private void Decrypt(byte[] data, string purpose, Span<byte> plain)
    {
        var length = plain.Length;
        Span<byte> associated = stackalloc byte[Encoding.UTF8.GetByteCount(purpose)];
        Encoding.UTF8.GetBytes(purpose, associated);
        using var aes = new AesGcm(key.Bytes, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plain, associated);
    }
}

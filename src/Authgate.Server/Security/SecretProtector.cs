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
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown protected value format.");
        }

        var data = Base64Url.DecodeFromChars(protectedValue.AsSpan(Prefix.Length));
        if (data.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Protected value is truncated.");
        }

        var length = data.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key.Bytes, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(plain);
    }
}

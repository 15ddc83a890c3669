using System.Security.Cryptography;
using Authgate.Hosting;
using Microsoft.Extensions.Options;

namespace Authgate.Security;

/// <summary>
/// The tenant's 256-bit encryption key: <c>Authgate:EncryptionKey</c> (base64) when set, otherwise a key file
/// created on first start in the data directory (readable by the owner only). Nodes sharing a database must
/// share this key through configuration.
/// </summary>
internal sealed class EncryptionKey
{
    public const string FileName = "encryption.key";

    public EncryptionKey(IOptions<AuthgateOptions> options)
    {
        Bytes = Load(options.Value);
    }

    public byte[] Bytes { get; }

    private static byte[] Load(AuthgateOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            byte[] configured;
            try
            {
                configured = Convert.FromBase64String(options.EncryptionKey);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("Authgate:EncryptionKey must be base64 of 32 random bytes (openssl rand -base64 32).");
            }

            return configured.Length == 32
                ? configured
                : throw new InvalidOperationException("Authgate:EncryptionKey must be base64 of exactly 32 bytes (openssl rand -base64 32).");
        }

        PrivateFiles.CreateDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, FileName);
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return existing.Length == 32 ? existing : throw new InvalidOperationException($"{path} does not hold a 32-byte base64 key.");
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var file = PrivateFiles.NewFile();

        using (var stream = new FileStream(path, file))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Authgate.Hosting;
using Authgate.Security;
using Microsoft.Extensions.Options;

namespace Authgate.Jobs;

/// <summary>
/// Short-lived signed links to an export's file, like Auth0's pre-signed <c>location</c>: any node can check them,
/// since the key derives from the shared encryption key.
/// </summary>
internal sealed class DownloadLinks(EncryptionKey key, Issuer issuer, TimeProvider time, IOptions<JobsOptions> options)
{
    private readonly byte[] secret = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, 32, info: Encoding.ASCII.GetBytes("authgate job download"));

    public string Create(string jobId)
    {
        var expires = time.GetUtcNow().Add(options.Value.DownloadLinkLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return issuer.Url($"jobs/{jobId}/download") + $"?exp={expires}&sig={Sign(jobId, expires)}";
    }

    public bool IsValid(string jobId, string? expires, string? signature)
    {
        if (expires is null || signature is null || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(jobId, expires)), Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(string jobId, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(jobId + "|" + expires)));
}

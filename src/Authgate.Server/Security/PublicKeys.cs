using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Authgate.Security;

/// <summary>Reads client public keys given as PEM: a SubjectPublicKeyInfo, a PKCS#1 RSA key or a certificate.</summary>
internal static class PublicKeys
{
    public static RSA? FromPem(string pem)
    {
        try
        {
            if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
                return certificate.GetRSAPublicKey();
            }

            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Authgate.Security;
using Authgate.Storage.Entities;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>Creates RSA-2048 signing keys with a self-signed certificate (published as <c>x5c</c>, as Auth0 does).</summary>
internal sealed class SigningKeyFactory(SecretProtector protector, RsaKeySource pairs, TimeProvider time)
{
    public SigningKey Create()
    {
        using var rsa = pairs.Create();
        var now = time.GetUtcNow();
        var request = new CertificateRequest("CN=Authgate", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        var kid = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        return new SigningKey
        {
            Kid = kid,
            PrivateKeyProtected = protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), SecretPurposes.SigningKey),
            Certificate = Convert.ToBase64String(certificate.RawData),
            CreatedAt = now.UtcDateTime,
        };
    }

    public SigningKeyMaterial Load(SigningKey key)
    {
        var rsa = RSA.Create();
        var pkcs8 = Convert.FromBase64String(protector.Unprotect(key.PrivateKeyProtected, SecretPurposes.SigningKey));
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        CryptographicOperations.ZeroMemory(pkcs8);
        var securityKey = new RsaSecurityKey(rsa) { KeyId = key.Kid };
        var der = Convert.FromBase64String(key.Certificate);
        var parameters = rsa.ExportParameters(false);
        var jwk = new JsonWebKey
        {
            Kty = "RSA",
            Use = "sig",
            Alg = key.Alg,
            Kid = key.Kid,
            N = Base64UrlEncoder.Encode(parameters.Modulus),
            E = Base64UrlEncoder.Encode(parameters.Exponent),
            X5t = Base64UrlEncoder.Encode(SHA1.HashData(der)),
        };
        jwk.X5c.Add(key.Certificate);
        return new SigningKeyMaterial(key.Kid, securityKey, jwk, key.IsCurrent, key.IsNext);
    }
}

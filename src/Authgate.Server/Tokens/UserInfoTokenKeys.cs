using System.Security.Cryptography;
using Authgate.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>
/// Keys of the encrypted (JWE, <c>dir</c> + A256CBC-HS512) access tokens issued when no API is requested: derived
/// from the tenant's encryption key, so every node that shares it can read them and nothing else can.
/// </summary>
internal sealed class UserInfoTokenKeys
{
    public UserInfoTokenKeys(EncryptionKey key)
    {
        // The kid lets the validator match the key; it names the purpose, not the key material.
        var encryption = new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, 64, info: "authgate userinfo token encryption"u8.ToArray())) { KeyId = "userinfo-enc" };
        var signature = new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, 32, info: "authgate userinfo token signature"u8.ToArray())) { KeyId = "userinfo-sig" };
        Encrypting = new EncryptingCredentials(encryption, JwtConstants.DirectKeyUseAlg, SecurityAlgorithms.Aes256CbcHmacSha512);
        Signing = new SigningCredentials(signature, SecurityAlgorithms.HmacSha256);
        DecryptionKey = encryption;
        ValidationKey = signature;
    }

    public EncryptingCredentials Encrypting { get; }
    public SigningCredentials Signing { get; }
    public SecurityKey DecryptionKey { get; }
    public SecurityKey ValidationKey { get; }
}

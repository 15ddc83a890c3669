using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>A loaded key of the ring: the RSA key ready to sign or verify, and its published JWK.</summary>
internal sealed record SigningKeyMaterial(string Kid, RsaSecurityKey Key, JsonWebKey Jwk, bool IsCurrent, bool IsNext);

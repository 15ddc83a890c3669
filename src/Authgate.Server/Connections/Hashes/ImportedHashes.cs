using System.Security.Cryptography;
using System.Text;

namespace Authgate.Connections.Hashes;

/// <summary>
/// Verifies the hash formats Authgate imports but never writes (see <see cref="HashFormat"/>). Every comparison is
/// fixed-time. Authgate's own salted forms are PHC-like: <c>$ag-&lt;alg&gt;$p=prefix|suffix,e=&lt;password encoding&gt;[,k=&lt;hmac key&gt;][,n=,r=,s=]$&lt;salt&gt;$&lt;hash&gt;</c>,
/// salt and hash in B64.
/// </summary>
internal static class ImportedHashes
{
    public static readonly IReadOnlyList<string> DigestAlgorithms = ["md4", "md5", "sha1", "sha256", "sha384", "sha512"];

    public static bool Verify(HashFormat format, string hash, string password)
    {
        try
        {
            return format switch
            {
                HashFormat.Bcrypt => BCrypt.Net.BCrypt.Verify(password, hash),
                HashFormat.Argon2Other => LibArgon2.Verify(hash, Encoding.UTF8.GetBytes(password)),
                HashFormat.Pbkdf2 => VerifyPbkdf2(hash, password),
                HashFormat.Ldap => VerifyLdap(hash, password),
                HashFormat.Digest or HashFormat.Hmac or HashFormat.Scrypt or HashFormat.SaltedBcrypt => VerifySalted(format, hash, password),
                _ => false,
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or BCrypt.Net.SaltParseException or CryptographicException)
        {
            // A malformed stored hash is a wrong password, not a server error.
            return false;
        }
    }

    /// <summary>Parses <paramref name="hash"/> the way <see cref="Verify"/> would, without a password.</summary>
    public static bool IsWellFormed(string hash)
    {
        var format = HashFormats.Detect(hash);
        switch (format)
        {
            case HashFormat.Pbkdf2:
                var phc = PhcString.Parse(hash);
                _ = Pbkdf2Algorithm(phc.Id);
                var parameters = phc.Parameters(2);
                return phc.Parts.Count == 5 && PhcString.Integer(parameters, "i", 100_000) is > 0 and <= 10_000_000
                    && PhcString.DecodeB64(phc.Parts[3]).Length > 0 && PhcString.DecodeB64(phc.Parts[4]).Length > 0;
            case HashFormat.Ldap:
                var close = hash.IndexOf('}', StringComparison.Ordinal);
                return close > 1 && LdapAlgorithm(hash[1..close]) is not null && Convert.FromBase64String(hash[(close + 1)..]).Length > 0;
            case HashFormat.Digest or HashFormat.Hmac or HashFormat.Scrypt or HashFormat.SaltedBcrypt:
                var salted = Salted.Parse(hash);
                if (format == HashFormat.Scrypt)
                {
                    return salted.N > 1 && (long)salted.N * salted.R <= Scrypt.MaxCost;
                }

                if (format == HashFormat.SaltedBcrypt)
                {
                    return Encoding.UTF8.GetString(salted.Hash) is { Length: 60 } inner && HashFormats.Detect(inner) == HashFormat.Bcrypt;
                }

                _ = format == HashFormat.Hmac ? HmacAlgorithm(salted.Algorithm) : (object)DigestAlgorithm(salted.Algorithm);
                return salted.Hash.Length > 0;
            default:
                return false;
        }
    }

    private static bool VerifyPbkdf2(string hash, string password)
    {
        var phc = PhcString.Parse(hash);
        var parameters = phc.Parameters(2);
        var iterations = PhcString.Integer(parameters, "i", 100_000);
        var salt = PhcString.DecodeB64(phc.Parts[3]);
        var expected = PhcString.DecodeB64(phc.Parts[4]);
        if (iterations is < 1 or > 10_000_000)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, Pbkdf2Algorithm(phc.Id), expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static HashAlgorithmName Pbkdf2Algorithm(string id) => id switch
    {
        "pbkdf2-sha1" or "pbkdf2" => HashAlgorithmName.SHA1,
        "pbkdf2-sha256" => HashAlgorithmName.SHA256,
        "pbkdf2-sha384" => HashAlgorithmName.SHA384,
        "pbkdf2-sha512" => HashAlgorithmName.SHA512,
        _ => throw new FormatException($"Unsupported PBKDF2 digest '{id}'."),
    };

    /// <summary>RFC 2307 schemes; the salted ones (<c>S…</c>) append the salt to the digest.</summary>
    private static (string Digest, bool Salted)? LdapAlgorithm(string scheme) => scheme.ToUpperInvariant() switch
    {
        "MD5" => ("md5", false),
        "SMD5" => ("md5", true),
        "SHA" or "SHA1" => ("sha1", false),
        "SSHA" or "SSHA1" => ("sha1", true),
        "SHA256" => ("sha256", false),
        "SSHA256" => ("sha256", true),
        "SHA384" => ("sha384", false),
        "SSHA384" => ("sha384", true),
        "SHA512" => ("sha512", false),
        "SSHA512" => ("sha512", true),
        _ => null,
    };

    private static bool VerifyLdap(string hash, string password)
    {
        var close = hash.IndexOf('}', StringComparison.Ordinal);
        if (close < 2 || LdapAlgorithm(hash[1..close]) is not { } algorithm)
        {
            return false;
        }

        var decoded = Convert.FromBase64String(hash[(close + 1)..]);
        var size = DigestSize(algorithm.Digest);
        if (decoded.Length < size || (!algorithm.Salted && decoded.Length != size))
        {
            return false;
        }

        var salt = decoded.AsSpan(size);
        var input = Encoding.UTF8.GetBytes(password).Concat(salt.ToArray()).ToArray();
        return CryptographicOperations.FixedTimeEquals(Digest(algorithm.Digest, input), decoded.AsSpan(0, size));
    }

    private static bool VerifySalted(HashFormat format, string hash, string password)
    {
        var salted = Salted.Parse(hash);
        var passwordBytes = PasswordEncodings.Get(salted.Encoding).GetBytes(password);
        var input = salted.Salt.Length == 0 ? passwordBytes
            : salted.Position == "suffix" ? [.. passwordBytes, .. salted.Salt] : [.. salted.Salt, .. passwordBytes];
        switch (format)
        {
            case HashFormat.Digest:
                return CryptographicOperations.FixedTimeEquals(Digest(DigestAlgorithm(salted.Algorithm), input), salted.Hash);
            case HashFormat.Hmac:
                return CryptographicOperations.FixedTimeEquals(Hmac(salted.Algorithm, salted.Key, input), salted.Hash);
            case HashFormat.Scrypt:
                // Auth0's scrypt takes the salt as scrypt's own salt parameter, not mixed into the password.
                var key = Scrypt.DeriveKey(passwordBytes, salted.Salt, salted.N, salted.R, salted.P, salted.Hash.Length);
                return CryptographicOperations.FixedTimeEquals(key, salted.Hash);
            case HashFormat.SaltedBcrypt:
                // bcrypt takes a string; the salted input is handed over as the old system would have built it.
                return BCrypt.Net.BCrypt.Verify(PasswordEncodings.Get(salted.Encoding).GetString(input), Encoding.UTF8.GetString(salted.Hash));
            default:
                return false;
        }
    }

    private static string DigestAlgorithm(string algorithm) =>
        DigestAlgorithms.Contains(algorithm) ? algorithm : throw new FormatException($"Unsupported digest '{algorithm}'.");

    private static string HmacAlgorithm(string algorithm) =>
        algorithm is "md5" or "sha1" or "sha256" or "sha384" or "sha512" ? algorithm : throw new FormatException($"Unsupported HMAC digest '{algorithm}'.");

    private static int DigestSize(string algorithm) => algorithm switch
    {
        "md4" or "md5" => 16,
        "sha1" => 20,
        "sha256" => 32,
        "sha384" => 48,
        _ => 64,
    };

#pragma warning disable CA5350, CA5351 // Weak digests are what the imported hashes were made with; they are replaced at the first login.
    public static byte[] Digest(string algorithm, byte[] input) => algorithm switch
    {
        "md4" => Md4.Hash(input),
        "md5" => MD5.HashData(input),
        "sha1" => SHA1.HashData(input),
        "sha256" => SHA256.HashData(input),
        "sha384" => SHA384.HashData(input),
        "sha512" => SHA512.HashData(input),
        _ => throw new FormatException($"Unsupported digest '{algorithm}'."),
    };

    public static byte[] Hmac(string algorithm, byte[] key, byte[] input) => HmacAlgorithm(algorithm) switch
    {
        "md5" => HMACMD5.HashData(key, input),
        "sha1" => HMACSHA1.HashData(key, input),
        "sha256" => HMACSHA256.HashData(key, input),
        "sha384" => HMACSHA384.HashData(key, input),
        _ => HMACSHA512.HashData(key, input),
    };
#pragma warning restore CA5350, CA5351
}

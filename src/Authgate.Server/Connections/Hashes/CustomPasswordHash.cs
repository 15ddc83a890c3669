using System.Text;
using System.Text.Json.Serialization;

namespace Authgate.Connections.Hashes;

/// <summary>
/// Auth0's bulk-import <c>custom_password_hash</c> (MGMT-SCHEMA §6.2), turned into the stored hash string that
/// <see cref="ImportedHashes"/> verifies. Errors name the property, as the import job reports them.
/// </summary>
internal sealed record CustomPasswordHash
{
    public static readonly IReadOnlyList<string> Algorithms = ["argon2", "bcrypt", "hmac", "ldap", "md4", "md5", "sha1", "sha256", "sha512", "pbkdf2", "scrypt"];

    [JsonPropertyName("algorithm")] public string? Algorithm { get; init; }
    [JsonPropertyName("hash")] public HashPart? Hash { get; init; }
    [JsonPropertyName("salt")] public SaltPart? Salt { get; init; }
    [JsonPropertyName("password")] public PasswordPart? Password { get; init; }
    [JsonPropertyName("keylen")] public int? KeyLength { get; init; }
    [JsonPropertyName("cost")] public int? Cost { get; init; }
    [JsonPropertyName("blockSize")] public int? BlockSize { get; init; }
    [JsonPropertyName("parallelization")] public int? Parallelization { get; init; }

    public sealed record HashPart
    {
        [JsonPropertyName("value")] public string? Value { get; init; }
        [JsonPropertyName("encoding")] public string? Encoding { get; init; }
        [JsonPropertyName("digest")] public string? Digest { get; init; }
        [JsonPropertyName("key")] public KeyPart? Key { get; init; }
    }

    public sealed record KeyPart
    {
        [JsonPropertyName("value")] public string? Value { get; init; }
        [JsonPropertyName("encoding")] public string? Encoding { get; init; }
    }

    public sealed record SaltPart
    {
        [JsonPropertyName("value")] public string? Value { get; init; }
        [JsonPropertyName("encoding")] public string? Encoding { get; init; }
        [JsonPropertyName("position")] public string? Position { get; init; }
    }

    public sealed record PasswordPart
    {
        [JsonPropertyName("encoding")] public string? Encoding { get; init; }
    }

    /// <summary>The stored hash, or the error (<c>Path</c>, <c>Message</c>) that makes the user's import fail.</summary>
    public (string? Stored, string? Path, string? Error) ToStored()
    {
        if (Algorithm is null || !Algorithms.Contains(Algorithm))
        {
            return (null, "custom_password_hash.algorithm", $"must be one of {string.Join(", ", Algorithms)}");
        }

        if (Hash?.Value is not { Length: > 0 } value)
        {
            return (null, "custom_password_hash.hash.value", "required");
        }

        var passwordEncoding = Password?.Encoding ?? "utf8";
        if (!PasswordEncodings.All.Contains(passwordEncoding))
        {
            return (null, "custom_password_hash.password.encoding", $"must be one of {string.Join(", ", PasswordEncodings.All)}");
        }

        try
        {
            var stored = Algorithm switch
            {
                "argon2" => Verbatim(value, HashFormat.Argon2id, HashFormat.Argon2Other),
                "pbkdf2" => Verbatim(value, HashFormat.Pbkdf2),
                "ldap" => Verbatim(value, HashFormat.Ldap),
                "bcrypt" => Salt is null ? Verbatim(value, HashFormat.Bcrypt) : SaltedForm("bcrypt", Encoding.UTF8.GetBytes(Verbatim(value, HashFormat.Bcrypt)), passwordEncoding, []),
                "hmac" => SaltedForm(Hash.Digest ?? throw new FormatException("hash.digest: required for hmac"), Decode(value, Hash.Encoding, "hash"), passwordEncoding,
                    Decode(Hash.Key?.Value ?? throw new FormatException("hash.key.value: required for hmac"), Hash.Key.Encoding ?? "utf8", "hash.key")),
                "scrypt" => ScryptForm(value, passwordEncoding),
                _ => SaltedForm(Algorithm, Decode(value, Hash.Encoding, "hash"), passwordEncoding, []),
            };
            return HashFormats.IsValid(stored) ? (stored, null, null) : (null, "custom_password_hash.hash.value", "is not a valid " + Algorithm + " hash");
        }
        catch (FormatException e)
        {
            var message = e.Message;
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            return colon > 0 && !message[..colon].Contains(' ', StringComparison.Ordinal)
                ? (null, "custom_password_hash." + message[..colon], message[(colon + 2)..])
                : (null, "custom_password_hash.hash.value", message);
        }
    }

    private static string Verbatim(string value, params HashFormat[] formats) =>
        formats.Contains(HashFormats.Detect(value)) ? value : throw new FormatException("hash.value: not in the format this algorithm requires");

    private string SaltedForm(string algorithm, byte[] hash, string passwordEncoding, byte[] key)
    {
        var position = Salt?.Position ?? "prefix";
        if (position is not ("prefix" or "suffix"))
        {
            throw new FormatException("salt.position: must be prefix or suffix");
        }

        var salt = Salt?.Value is { } s ? Decode(s, Salt.Encoding ?? "utf8", "salt") : [];
        return new Salted(algorithm, position, passwordEncoding, key, 0, 0, 0, salt, hash).Format();
    }

    private string ScryptForm(string value, string passwordEncoding)
    {
        if (KeyLength is not { } keylen)
        {
            throw new FormatException("keylen: required for scrypt");
        }

        var hash = Decode(value, Hash!.Encoding, "hash");
        if (hash.Length != keylen)
        {
            throw new FormatException("keylen: does not match the hash length");
        }

        var salt = Salt?.Value is { } s ? Decode(s, Salt.Encoding ?? "utf8", "salt") : [];
        return new Salted("scrypt", "prefix", passwordEncoding, [], Cost ?? 16384, BlockSize ?? 8, Parallelization ?? 1, salt, hash).Format();
    }

    private static byte[] Decode(string value, string? encoding, string path) => encoding switch
    {
        "hex" => Convert.FromHexString(value),
        "base64" => PhcString.DecodeB64(value),
        "utf8" or null when path != "hash" => Encoding.UTF8.GetBytes(value),
        null => throw new FormatException($"{path}.encoding: required (hex or base64)"),
        _ => throw new FormatException($"{path}.encoding: must be hex or base64"),
    };
}

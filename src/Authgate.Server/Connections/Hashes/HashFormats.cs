namespace Authgate.Connections.Hashes;

/// <summary>
/// The switch on a stored hash's prefix. Only <see cref="HashFormat.Argon2id"/> is written by Authgate; every other
/// format is verified once, then replaced by Argon2id at the first good login.
/// </summary>
internal static class HashFormats
{
    public static HashFormat Detect(string hash) => hash switch
    {
        _ when hash.StartsWith("$argon2id$", StringComparison.Ordinal) => HashFormat.Argon2id,
        _ when hash.StartsWith("$argon2i$", StringComparison.Ordinal) || hash.StartsWith("$argon2d$", StringComparison.Ordinal) => HashFormat.Argon2Other,
        _ when hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal) => HashFormat.Bcrypt,
        _ when hash.StartsWith("$pbkdf2-", StringComparison.Ordinal) => HashFormat.Pbkdf2,
        _ when hash.StartsWith("$ag-hmac-", StringComparison.Ordinal) => HashFormat.Hmac,
        _ when hash.StartsWith("$ag-scrypt$", StringComparison.Ordinal) => HashFormat.Scrypt,
        _ when hash.StartsWith("$ag-bcrypt$", StringComparison.Ordinal) => HashFormat.SaltedBcrypt,
        _ when hash.StartsWith("$ag-", StringComparison.Ordinal) => HashFormat.Digest,
        _ when hash.StartsWith('{') => HashFormat.Ldap,
        _ => HashFormat.Unknown,
    };

    /// <summary>Whether <paramref name="hash"/> is a stored hash Authgate can verify (checked when it is imported).</summary>
    public static bool IsValid(string hash)
    {
        if (hash.Length > PhcString.MaxLength)
        {
            return false;
        }

        try
        {
            return Detect(hash) switch
            {
                HashFormat.Unknown => false,
                HashFormat.Argon2id or HashFormat.Argon2Other => PhcString.Parse(hash) is { Parts.Count: 5 or 6 },
                HashFormat.Bcrypt => hash.Length == 60,
                _ => ImportedHashes.IsWellFormed(hash),
            };
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

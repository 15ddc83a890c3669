using System.Buffers.Text;
using System.Globalization;

namespace Authgate.Connections;

/// <summary>One Argon2id computation into all of <paramref name="output"/>; false when the library refused the parameters.</summary>
internal delegate bool Argon2Compute(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, uint memoryKiB, uint iterations, uint lanes, Span<byte> output);

/// <summary>
/// The PHC string of an Argon2id hash, <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c> (unpadded standard base64),
/// exactly as libsodium writes and reads it, so hashes stored by either library verify with the other.
/// </summary>
internal sealed record Argon2Phc(uint MemoryKiB, uint Iterations, uint Parallelism, byte[] Salt, byte[] Hash)
{
    public const string Prefix = "$argon2id$";

    /// <summary>libsodium's <c>crypto_pwhash_STRBYTES</c>: longer strings are refused by its rehash check.</summary>
    public const int MaxLength = 128;

    // argon2.h limits, which both libraries apply when decoding.
    private const int MinSaltLength = 8;
    private const int MinHashLength = 4;

    /// <summary>The salt a new hash gets (bytes).</summary>
    public const int SaltLength = 16;

    /// <summary>The hash a new string carries (bytes).</summary>
    public const int HashLength = 32;

    /// <summary>A PHC string for <paramref name="password"/> with a new random 16-byte salt and a 32-byte hash.</summary>
    public static string Create(ReadOnlySpan<byte> password, int memoryKiB, int iterations, Argon2Compute compute)
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(SaltLength);
        var hash = new byte[HashLength];
        if (!compute(password, salt, (uint)memoryKiB, (uint)iterations, 1, hash))
        {
            throw new InvalidOperationException("Argon2id hashing refused the configured costs.");
        }

        return new Argon2Phc((uint)memoryKiB, (uint)iterations, 1, salt, hash).ToString();
    }

    /// <summary>True when <paramref name="phc"/> is readable and <paramref name="password"/> gives its hash (compared in constant time).</summary>
    public static bool Matches(string phc, ReadOnlySpan<byte> password, Argon2Compute compute) =>
        TryParse(phc, out var stored) && stored!.Matches(password, compute);

    /// <summary>True when <paramref name="password"/> gives this string's hash (compared in constant time).</summary>
    public bool Matches(ReadOnlySpan<byte> password, Argon2Compute compute)
    {
        var computed = Hash.Length <= 256 ? stackalloc byte[Hash.Length] : new byte[Hash.Length];
        try
        {
            return compute(password, Salt, MemoryKiB, Iterations, Parallelism, computed)
                && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(computed, Hash);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(computed);
        }
    }

    public static bool TryParse(string phc, out Argon2Phc? parsed)
    {
        parsed = null;
        if (!phc.StartsWith(Prefix + "v=19$m=", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = phc.Split('$');
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.Length != 6)
        {
            return false;
        }

        var costs = parts[3].Split(',');
        if (costs.Length != 3
            || !TryCost(costs[0], "m=", out var m) || !TryCost(costs[1], "t=", out var t) || !TryCost(costs[2], "p=", out var p)
            || !TryBase64(parts[4], out var salt) || !TryBase64(parts[5], out var hash))
        {
            return false;
        }

        if (t < 1 || p < 1 || p > 0xFFFFFF || m < 8 * p || salt.Length < MinSaltLength || hash.Length < MinHashLength)
        {
            return false;
        }

        parsed = new Argon2Phc(m, t, p, salt, hash);
        return true;
    }

    /// <summary>
    /// libsodium's <c>crypto_pwhash_argon2id_str_needs_rehash</c>: true when the string cannot be read or was made with
    /// another memory or time cost (parallelism is not compared).
    /// </summary>
    public static bool NeedsRehash(string phc, int memoryKiB, int iterations) =>
        phc.Length > MaxLength || !TryParse(phc, out var parsed) || parsed!.MemoryKiB != (uint)memoryKiB || parsed.Iterations != (uint)iterations;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}v=19$m={MemoryKiB},t={Iterations},p={Parallelism}${Encode(Salt)}${Encode(Hash)}");

    private static bool TryCost(string text, string name, out uint value)
    {
        value = 0;
        var digits = text.AsSpan(name.Length);
        return text.StartsWith(name, StringComparison.Ordinal) && digits.Length is > 0 and <= 10 && !(digits.Length > 1 && digits[0] == '0')
            && !digits.ContainsAnyExcept("0123456789") && uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 == 1 || text.Contains('='))
        {
            return false;
        }

        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        // Only the canonical encoding (no stray bits in the last character), as libsodium's decoder requires.
        return Encode(bytes) == text;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}

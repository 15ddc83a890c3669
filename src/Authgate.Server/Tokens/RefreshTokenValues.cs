using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Tokens;

/// <summary>
/// Refresh token values, their ids and their stored hashes. A value is <c>v2.{id}.{secret}</c>: the id is the row's
/// primary key, so the exchange reads the row by key and checks the SHA-256 of the whole value against the stored
/// one, and no index over random hashes is written on every rotation. Ids start with the time in milliseconds, so
/// new rows and their key entries land at the end of the table instead of on a random page.
/// A first token's secret is 256 random bits; a successor's is derived from the presented value with a server key
/// (HMAC-SHA256), so every request that presents the same token within the leeway, on any node, answers with the
/// same successor without the server ever storing a plain value.
/// Values issued before v2 (<c>v1.{secret}</c>) are still accepted: their rows (format 1) stay in the hash index.
/// </summary>
internal sealed class RefreshTokenValues(EncryptionKey key)
{
    /// <summary><see cref="Storage.Entities.RefreshToken.Format"/> of a v1 value, found by its hash.</summary>
    public const int ByHash = 1;

    /// <summary><see cref="Storage.Entities.RefreshToken.Format"/> of a v2 value, found by the id it names.</summary>
    public const int ById = 2;

    private const string Prefix = "v2.";
    private const string LegacyPrefix = "v1.";
    private const int IdLength = 32;
    private const int SecretLength = 43;
    private const int Length = 3 + IdLength + 1 + SecretLength;
    private readonly byte[] derivationKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, 32, info: "authgate refresh token successor"u8.ToArray());

    /// <summary>48 bits of milliseconds, then 80 random bits, as 32 hex characters: ordered by creation, never guessed.</summary>
    public static string NewId(DateTimeOffset now) =>
        string.Create(IdLength, now.ToUnixTimeMilliseconds(), static (span, ms) =>
        {
            ((ulong)ms & 0xFFFF_FFFF_FFFF).TryFormat(span, out _, "x12", System.Globalization.CultureInfo.InvariantCulture);
            Span<byte> random = stackalloc byte[10];
            RandomNumberGenerator.Fill(random);
            Convert.TryToHexStringLower(random, span[12..], out _);
        });

    public static string New(string id) => Prefix + id + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The value of the token <paramref name="successorId"/> that replaces <paramref name="presented"/>.</summary>
    public string Successor(string presented, string successorId) => Prefix + successorId + "." + Derived(presented);

    /// <summary>
    /// The value of <paramref name="current"/>, the successor an earlier exchange of <paramref name="presented"/> stored:
    /// a successor stored before v2 has the v1 form.
    /// </summary>
    public string SuccessorOf(string presented, RefreshToken current) =>
        current.Format == ById ? Successor(presented, current.Id) : LegacyPrefix + Derived(presented);

    /// <summary>The row id a v2 value names, or null for anything else (a v1 value, or not a token at all).</summary>
    public static string? IdOf(string value)
    {
        if (value.Length != Length || !value.StartsWith(Prefix, StringComparison.Ordinal) || value[Prefix.Length + IdLength] != '.')
        {
            return null;
        }

        var id = value.AsSpan(Prefix.Length, IdLength);
        return id.ContainsAnyExcept("0123456789abcdef") ? null : id.ToString();
    }

    /// <summary>Whether <paramref name="value"/> is the value of <paramref name="token"/> (constant time in the hashes).</summary>
    public static bool Matches(RefreshToken token, string value) =>
        token.Format == ById && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(token.TokenHash), Encoding.ASCII.GetBytes(LookupHash.Of(value)));

    private string Derived(string presented) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(derivationKey, Encoding.UTF8.GetBytes(presented)));
}

using System.Globalization;

namespace Authgate.Connections.Hashes;

/// <summary>
/// A PHC-style string, <c>$id$k=v,k=v$salt$hash</c>, split into its parts, with the B64 (base64 without padding)
/// decoding the PHC format uses. Decoding also accepts padding, URL-safe and passlib's <c>.</c> alphabets.
/// </summary>
internal sealed record PhcString(IReadOnlyList<string> Parts)
{
    /// <summary>The longest stored hash accepted (the column holds Auth0's longest forms with room to spare).</summary>
    public const int MaxLength = 1024;

    public string Id => Parts[1];

    public static PhcString Parse(string value)
    {
        var parts = value.Split('$');
        if (parts.Length < 3 || parts[0].Length != 0)
        {
            throw new FormatException("Not a PHC string.");
        }

        return new PhcString(parts);
    }

    /// <summary>The <c>k=v,…</c> part at <paramref name="index"/>.</summary>
    public Dictionary<string, string> Parameters(int index)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Parts[index].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException("Bad parameter.");
            }

            result[pair[..eq]] = pair[(eq + 1)..];
        }

        return result;
    }

    public static int Integer(Dictionary<string, string> parameters, string key, int fallback) =>
        parameters.TryGetValue(key, out var text)
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"Bad {key}.")
            : fallback;

    public static byte[] DecodeB64(string text)
    {
        var normalized = text.Replace('.', '+').Replace('-', '+').Replace('_', '/').TrimEnd('=');
        normalized += (normalized.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException("Bad base64 length.") };
        return Convert.FromBase64String(normalized);
    }

    public static string EncodeB64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}

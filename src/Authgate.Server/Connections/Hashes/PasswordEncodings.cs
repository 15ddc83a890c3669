using System.Text;

namespace Authgate.Connections.Hashes;

/// <summary>
/// Auth0's <c>password.encoding</c>: how the typed password was turned into bytes before the old system hashed it.
/// </summary>
internal static class PasswordEncodings
{
    public static readonly IReadOnlyList<string> All = ["utf8", "ascii", "latin1", "binary", "utf16le", "ucs2"];

    public static Encoding Get(string? name) => name switch
    {
        null or "utf8" => Encoding.UTF8,
        "ascii" => Encoding.ASCII,
        "latin1" or "binary" => Encoding.Latin1,
        "utf16le" or "ucs2" => Encoding.Unicode,
        _ => throw new FormatException($"Unknown password encoding '{name}'."),
    };
}

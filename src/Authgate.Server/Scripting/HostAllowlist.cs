using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Authgate.Scripting;

/// <summary>
/// The hosts a script's <c>fetch</c> may reach: exact host names or IP literals, each optionally with one port
/// (<c>legacy.example.com</c>, <c>legacy.example.com:8443</c>, <c>10.0.0.5</c>, <c>[2001:db8::1]:443</c>). No
/// wildcards and no suffix matching: a name is allowed only as written.
/// </summary>
internal sealed partial class HostAllowlist
{
    public static readonly HostAllowlist Empty = new([]);

    private readonly IReadOnlyList<(string Host, int? Port)> entries;

    private HostAllowlist(IReadOnlyList<(string Host, int? Port)> entries) => this.entries = entries;

    public bool IsEmpty => entries.Count == 0;

    /// <summary>The allowlist of <paramref name="values"/>, or the first entry's problem (with its index).</summary>
    public static (HostAllowlist? Allowlist, int Index, string? Error) Parse(IReadOnlyList<string> values)
    {
        var entries = new List<(string, int?)>();
        for (var i = 0; i < values.Count; i++)
        {
            var (entry, error) = ParseEntry(values[i]);
            if (error is not null)
            {
                return (null, i, error);
            }

            entries.Add(entry);
        }

        return (new HostAllowlist(entries), -1, null);
    }

    /// <summary>Whether a request may go to <paramref name="host"/> (as <see cref="Uri.IdnHost"/> gives it) on <paramref name="port"/>.</summary>
    public bool Allows(string host, int port)
    {
        var normalized = Normalize(host);
        return normalized is not null && entries.Any(e => e.Host == normalized && (e.Port is null || e.Port == port));
    }

    public bool Allows(Uri uri) => Allows(uri.IdnHost, uri.Port);

    private static ((string, int?) Entry, string? Error) ParseEntry(string value)
    {
        if (value.Contains('*', StringComparison.Ordinal))
        {
            return (default, "wildcards are not supported: list each host exactly");
        }

        if (value.Contains("://", StringComparison.Ordinal) || value.Contains('/', StringComparison.Ordinal))
        {
            return (default, "must be a host name or IP address, optionally with :port (no scheme, no path)");
        }

        var match = EntryPattern().Match(value);
        if (!match.Success)
        {
            return (default, "must be a host name or IP address, optionally with :port");
        }

        int? port = null;
        if (match.Groups["port"].Success)
        {
            if (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return (default, "the port must be between 1 and 65535");
            }

            port = p;
        }

        var host = Normalize(match.Groups["host"].Value);
        return host is null ? (default, "is not a valid host name or IP address") : ((host, port), null);
    }

    /// <summary>Lower-case ASCII (IDN) for names, the canonical text for IP addresses; null when it is neither.</summary>
    private static string? Normalize(string host)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var address) && (bare.Contains(':', StringComparison.Ordinal) || IPv4Literal().IsMatch(bare)))
        {
            return address.ToString();
        }

        if (host.StartsWith('['))
        {
            return null;
        }

        try
        {
            var ascii = new IdnMapping().GetAscii(host.TrimEnd('.')).ToLowerInvariant();
            return Uri.CheckHostName(ascii) == UriHostNameType.Dns && HostName().IsMatch(ascii) ? ascii : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?<host>\[[0-9A-Fa-f:.]+\]|[^:\[\]\s]+)(?::(?<port>[0-9]{1,5}))?$")]
    private static partial Regex EntryPattern();

    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}$")]
    private static partial Regex IPv4Literal();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex HostName();
}

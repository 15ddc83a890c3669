namespace Authgate.Hosting;

/// <summary>
/// Proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (<c>Authgate:ForwardedHeaders</c>).
/// Empty by default: no proxy, not even loopback, is trusted until configured.
/// </summary>
public sealed class TrustedProxiesOptions
{
    public const string Section = "Authgate:ForwardedHeaders";

    /// <summary>Proxy IP addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies deep to read the header (ASP.NET's <c>ForwardLimit</c>).</summary>
    public int ForwardLimit { get; set; } = 1;
}

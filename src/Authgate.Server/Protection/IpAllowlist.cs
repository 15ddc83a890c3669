using System.Net;

namespace Authgate.Protection;

/// <summary>IP addresses and CIDR ranges (IPv4 or IPv6) exempt from a protection. IPv4-mapped IPv6 addresses match as IPv4.</summary>
internal sealed class IpAllowlist
{
    private readonly List<IPNetwork> networks;

    private IpAllowlist(List<IPNetwork> networks) => this.networks = networks;

    public static readonly IpAllowlist Empty = new([]);

    /// <summary>Null and the offending entry when one is not an IP or CIDR.</summary>
    public static (IpAllowlist? List, string? Invalid) Parse(IEnumerable<string>? entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in entries ?? [])
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                address = Normalize(address);
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                return (null, entry);
            }
        }

        return (new IpAllowlist(networks), null);
    }

    public bool Contains(string? ip) =>
        ip is not null && IPAddress.TryParse(ip, out var address) && networks.Any(n => n.Contains(Normalize(address)));

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

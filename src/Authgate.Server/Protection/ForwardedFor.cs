using System.Net;
using Authgate.Storage.Entities;

namespace Authgate.Protection;

/// <summary>
/// The end user's IP for a token request. A backend calling on a user's behalf sends it in <c>auth0-forwarded-for</c>;
/// it counts only from a confidential client that proved its credentials and is marked
/// <c>is_token_endpoint_ip_header_trusted</c>, and only when it is exactly one IP address. Otherwise the connection's
/// address (already resolved through trusted proxies' <c>X-Forwarded-For</c>) is the user's.
/// </summary>
internal static class ForwardedFor
{
    public const string Header = "auth0-forwarded-for";

    /// <returns>The end-user IP, and the calling server's IP when the header was honoured.</returns>
    public static (string? Ip, string? ClientIp) Resolve(string? remoteIp, string? header, Client client, bool authenticated)
    {
        if (!authenticated || client.IsPublic || !client.IsTokenEndpointIpHeaderTrusted || string.IsNullOrWhiteSpace(header))
        {
            return (remoteIp, null);
        }

        var value = header.Trim();
        if (value.Contains(',', StringComparison.Ordinal) || !IPAddress.TryParse(value, out var address))
        {
            return (remoteIp, null);
        }

        return (IpAllowlist.Normalize(address).ToString(), remoteIp);
    }
}

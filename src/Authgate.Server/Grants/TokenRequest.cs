using Authgate.OAuth;

namespace Authgate.Grants;

/// <summary>
/// One token request as read from the wire: parameters (null and empty values already dropped, each name at most
/// once), the Basic credentials if any, and who sent it.
/// </summary>
internal sealed record TokenRequest
{
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    public BasicCredentials? Basic { get; init; }
    public string? RemoteIp { get; init; }
    public string? UserAgent { get; init; }
    /// <summary>The host the request was sent to (<c>event.request.hostname</c> for Actions).</summary>
    public string? Hostname { get; init; }
    /// <summary>The raw <c>auth0-forwarded-for</c> header; see <see cref="Protection.ForwardedFor"/> for when it counts.</summary>
    public string? ForwardedFor { get; init; }

    public string? this[string name] => Parameters.GetValueOrDefault(name);

    public string? GrantType => this[OAuthParameters.GrantType];
}

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

    public string? this[string name] => Parameters.GetValueOrDefault(name);

    public string? GrantType => this[OAuthParameters.GrantType];
}

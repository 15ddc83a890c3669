using Authgate.OAuth;

namespace Authgate.Grants;

/// <summary>Client id and secret from an <c>Authorization: Basic</c> header.</summary>
internal sealed record BasicCredentials(string ClientId, string ClientSecret);

using Authgate.Storage.Entities;

namespace Authgate.Grants;

/// <summary>A token request whose client is known and allowed to use the grant.</summary>
/// <param name="ClientAuthenticated">True when the client proved a secret or key (false for public clients sending only an id).</param>
/// <param name="EndUserIp">The user's IP: the trusted <c>auth0-forwarded-for</c> or the connection's address.</param>
internal sealed record GrantContext(TokenRequest Request, Client Client, bool ClientAuthenticated, string? EndUserIp);

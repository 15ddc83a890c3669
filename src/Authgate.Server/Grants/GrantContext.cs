using Authgate.Storage.Entities;

namespace Authgate.Grants;

/// <summary>A token request whose client is known and allowed to use the grant.</summary>
/// <param name="ClientAuthenticated">True when the client proved a secret (false for public clients sending only an id).</param>
internal sealed record GrantContext(TokenRequest Request, Client Client, bool ClientAuthenticated);

using Authgate.Storage.Entities;

namespace Authgate.Grants;

/// <summary>What the tenant log event of a token request records beyond the request itself.</summary>
/// <param name="EventType">A specific log type (<c>fp</c>, <c>fu</c>, <c>ferrt</c>…); null for the grant's default.</param>
internal sealed record GrantAudit(
    string? EventType = null,
    User? User = null,
    Connection? Connection = null,
    string? Audience = null,
    string? Scope = null)
{
    /// <summary>Event details beyond Auth0's top-level fields: the Rules and Actions that ran, with their console output.</summary>
    public System.Text.Json.Nodes.JsonObject? Details { get; init; }
}

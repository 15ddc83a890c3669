namespace Authgate.Storage.Entities;

/// <summary>Authorises a client to get client-credentials tokens for one API, with at most these scopes.</summary>
internal sealed class ClientGrant
{
    public required string Id { get; set; }
    public required string ClientId { get; set; }
    public required string Audience { get; set; }
    public List<string> Scope { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

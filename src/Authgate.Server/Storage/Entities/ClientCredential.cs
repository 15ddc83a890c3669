namespace Authgate.Storage.Entities;

/// <summary>A public key a client signs its <c>private_key_jwt</c> assertions with.</summary>
internal sealed class ClientCredential
{
    public required string Id { get; set; }
    public required string ClientId { get; set; }
    public string? Name { get; set; }
    public string CredentialType { get; set; } = "public_key";
    public required string Kid { get; set; }
    public required string Alg { get; set; }
    public required string Pem { get; set; }
    public required string Thumbprint { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

namespace Authgate.Storage.Entities;

/// <summary>A user of a database connection. Email and username are also kept lower-cased for lookups.</summary>
internal sealed class User
{
    public required string UserId { get; set; }
    public required string ConnectionId { get; set; }
    public string? Email { get; set; }
    public string? NormalizedEmail { get; set; }
    public string? Username { get; set; }
    public string? NormalizedUsername { get; set; }
    public bool EmailVerified { get; set; }
    public string? PhoneNumber { get; set; }
    public bool PhoneVerified { get; set; }
    public string? Name { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? Nickname { get; set; }
    public string? Picture { get; set; }
    public bool Blocked { get; set; }
    public string AppMetadataJson { get; set; } = "{}";
    public string UserMetadataJson { get; set; } = "{}";
    /// <summary>A self-describing hash (PHC string); see <see cref="Connections.PasswordHashing"/>.</summary>
    public string? PasswordHash { get; set; }
    public DateTime? PasswordChangedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastLogin { get; set; }
    public string? LastIp { get; set; }
    public int LoginsCount { get; set; }
}

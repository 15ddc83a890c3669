namespace Authgate.Storage.Entities;

/// <summary>
/// One refresh token, stored only as the SHA-256 of its value. Tokens of one login share a <see cref="FamilyId"/>:
/// a rotation marks the presented token rotated and adds its successor, so reuse of a rotated token can revoke
/// the whole family. Everything the token grants is copied onto it, so an exchange reads one row.
/// </summary>
internal sealed class RefreshToken
{
    /// <summary>Time-ordered (<see cref="Tokens.RefreshTokenValues.NewId"/>); a v2 value names it.</summary>
    public required string Id { get; set; }
    /// <summary>SHA-256 of the value: the key a v1 value is found by, what a v2 value is checked against.</summary>
    public required string TokenHash { get; set; }
    /// <summary>
    /// The value's form: <see cref="Tokens.RefreshTokenValues.ById"/> (<c>v2.{id}.{secret}</c>, read by <see cref="Id"/>) or
    /// <see cref="Tokens.RefreshTokenValues.ByHash"/> (<c>v1.{secret}</c>, issued before schema v90, read by its hash).
    /// </summary>
    public int Format { get; set; }
    public required string FamilyId { get; set; }
    public string? ParentId { get; set; }
    public required string ClientId { get; set; }
    public required string UserId { get; set; }
    public required string ConnectionId { get; set; }
    public string? Audience { get; set; }
    public required string Scope { get; set; }
    public bool Rotating { get; set; }
    /// <summary>When the user entered the password that started the family.</summary>
    public DateTime AuthTime { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Absolute expiry of the family; null for non-expiring tokens.</summary>
    public DateTime? ExpiresAt { get; set; }
    /// <summary>Expiry by inactivity, pushed forward by each exchange; null when idle expiry is off.</summary>
    public DateTime? IdleExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    /// <summary>Set once, atomically, by the exchange that rotated this token; <see cref="ReplacedById"/> names the successor.</summary>
    public DateTime? RotatedAt { get; set; }
    public string? ReplacedById { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
}

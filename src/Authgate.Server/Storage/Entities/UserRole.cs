namespace Authgate.Storage.Entities;

/// <summary>A role assigned to a user.</summary>
internal sealed class UserRole
{
    public required string UserId { get; set; }
    public required string RoleId { get; set; }
    public DateTime CreatedAt { get; set; }
}

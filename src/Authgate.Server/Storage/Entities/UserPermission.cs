namespace Authgate.Storage.Entities;

/// <summary>A scope of an API held by a user directly, not through a role.</summary>
internal sealed class UserPermission
{
    public required string UserId { get; set; }
    public required string Audience { get; set; }
    public required string PermissionName { get; set; }
    public DateTime CreatedAt { get; set; }
}

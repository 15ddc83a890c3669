namespace Authgate.Storage.Entities;

/// <summary>A scope of an API held by a role. <see cref="Audience"/> is the API's stored identifier.</summary>
internal sealed class RolePermission
{
    public required string RoleId { get; set; }
    public required string Audience { get; set; }
    public required string PermissionName { get; set; }
    public DateTime CreatedAt { get; set; }
}

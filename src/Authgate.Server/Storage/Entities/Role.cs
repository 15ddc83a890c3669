namespace Authgate.Storage.Entities;

/// <summary>A named set of permissions (<c>rol_…</c>) assigned to users.</summary>
internal sealed class Role
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

namespace Authgate.Storage.Entities;

internal sealed class ResourceServerScope
{
    public required string Value { get; set; }
    public string? Description { get; set; }
}

namespace Authgate.Storage.Entities;

/// <summary>An ASP.NET Core Data Protection key (antiforgery tokens), shared by every node, its XML sealed by <c>SecretProtector</c>.</summary>
internal sealed class DataProtectionKey
{
    public required string Id { get; set; }
    public required string XmlProtected { get; set; }
    public DateTime CreatedAt { get; set; }
}

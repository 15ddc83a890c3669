namespace Authgate.Storage.Entities;

/// <summary>The single tenant's settings (one row, id 1), named as in <c>/api/v2/tenants/settings</c>.</summary>
internal sealed class TenantSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string FriendlyName { get; set; } = "Authgate";
    public string? DefaultDirectory { get; set; }
    public string? DefaultAudience { get; set; }
    /// <summary>The other <c>/tenants/settings</c> fields, as JSON, echoed on read.</summary>
    public string Document { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

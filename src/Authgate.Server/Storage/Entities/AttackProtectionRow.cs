namespace Authgate.Storage.Entities;

/// <summary>The tenant's attack protection settings (one row, id 1), each the JSON of its Management API resource.</summary>
internal sealed class AttackProtectionRow
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string BruteForce { get; set; } = "{}";
    public string SuspiciousIp { get; set; } = "{}";
    public string BreachedPassword { get; set; } = "{}";
    public DateTime UpdatedAt { get; set; }
}

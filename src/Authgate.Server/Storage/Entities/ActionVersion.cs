namespace Authgate.Storage.Entities;

/// <summary>An immutable snapshot of an Action made by a deploy; at most one per Action is <see cref="Deployed"/>.</summary>
internal sealed class ActionVersion
{
    public required string Id { get; set; }
    public required string ActionId { get; set; }
    public int Number { get; set; }
    public string Code { get; set; } = "";
    public string Runtime { get; set; } = "node22";
    public string DependenciesJson { get; set; } = "[]";
    public string SecretsJson { get; set; } = "[]";
    public string SupportedTriggersJson { get; set; } = "[]";
    public bool Deployed { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

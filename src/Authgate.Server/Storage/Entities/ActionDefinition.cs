namespace Authgate.Storage.Entities;

/// <summary>
/// An Action's draft: what <c>PATCH /actions/actions/{id}</c> edits. Logins run only deployed versions
/// (<see cref="ActionVersion"/>). Lists are JSON text; secret values inside <see cref="SecretsJson"/> are encrypted.
/// </summary>
internal sealed class ActionDefinition
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>JSON array of <c>{id, version}</c>.</summary>
    public string SupportedTriggersJson { get; set; } = "[]";
    public string Code { get; set; } = "";
    public string Runtime { get; set; } = "node22";
    /// <summary>JSON array of <c>{name, version, registry_url?}</c>.</summary>
    public string DependenciesJson { get; set; } = "[]";
    /// <summary>JSON array of <c>{name, value (protected), updated_at}</c>.</summary>
    public string SecretsJson { get; set; } = "[]";
    public string? DeployedVersionId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

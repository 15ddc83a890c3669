namespace Authgate.Storage.Entities;

/// <summary>A value Rules read as <c>configuration[key]</c>, stored encrypted.</summary>
internal sealed class RulesConfig
{
    public required string Key { get; set; }
    public required string ValueProtected { get; set; }
    public DateTime UpdatedAt { get; set; }
}

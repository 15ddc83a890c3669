namespace Authgate.Storage.Entities;

/// <summary>An Action bound to a trigger at a position; a login runs the Action's deployed version.</summary>
internal sealed class ActionBinding
{
    public required string Id { get; set; }
    public required string TriggerId { get; set; }
    public int Position { get; set; }
    public required string ActionId { get; set; }
    public required string DisplayName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

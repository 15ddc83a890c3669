namespace Authgate.Storage.Entities;

/// <summary>A counter per trigger, bumped with every change to what it runs; nodes reload their cached scripts when it moves.</summary>
internal sealed class ScriptGeneration
{
    public required string TriggerId { get; set; }
    public long Generation { get; set; }
}

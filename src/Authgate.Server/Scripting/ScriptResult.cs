using System.Text.Json.Nodes;

namespace Authgate.Scripting;

/// <summary>What one execution ended with: the returned (or called-back) value as JSON, or a failure; and its console output.</summary>
internal sealed record ScriptResult
{
    public JsonNode? Value { get; init; }

    /// <summary>For callback-style entry points: every argument after the error (<c>callback(null, user, context)</c> → [user, context]).</summary>
    public IReadOnlyList<JsonNode?> CallbackValues { get; init; } = [];

    public ScriptFailure? Failure { get; init; }

    public IReadOnlyList<string> Logs { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    public bool Succeeded => Failure is null;
}

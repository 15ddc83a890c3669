using System.Text.Json.Nodes;

namespace Authgate.Scripting;

/// <summary>A failed execution: the kind, a message fit to show the caller (for a thrown error, its <c>message</c>), and what was thrown.</summary>
internal sealed record ScriptFailure(ScriptFailureKind Kind, string Message)
{
    /// <summary>The thrown value or the callback's error as JSON (an Error becomes <c>{name, message, …own properties}</c>).</summary>
    public JsonNode? Error { get; init; }
}

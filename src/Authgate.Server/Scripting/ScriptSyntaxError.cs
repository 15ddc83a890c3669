namespace Authgate.Scripting;

/// <summary>Why a script does not compile, with the line and column of the source as written (1-based).</summary>
internal sealed record ScriptSyntaxError(string Message, int Line, int Column)
{
    /// <summary>The code parses, but is not of the shape asked for (one function): no position to point at.</summary>
    public bool WrongShape { get; init; }

    public override string ToString() => $"{Message} (line {Line}, column {Column})";
}

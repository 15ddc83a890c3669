namespace Authgate.Scripting;

/// <summary>Why a script does not compile, with the line and column of the source as written (1-based).</summary>
internal sealed record ScriptSyntaxError(string Message, int Line, int Column)
{
    public override string ToString() => $"{Message} (line {Line}, column {Column})";
}

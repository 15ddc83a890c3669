using Acornima.Ast;
using Jint;

namespace Authgate.Scripting;

/// <summary>
/// A parsed script, shared by every execution: parsing costs several times more than running a small Action, and a
/// prepared script is safe to use from many engines at once.
/// </summary>
internal sealed class CompiledScript(string hash, ScriptShape shape, Prepared<Script> prepared, IReadOnlyList<string> requiredModules)
{
    /// <summary>SHA-256 of the shape and source: the cache key.</summary>
    public string Hash { get; } = hash;

    public ScriptShape Shape { get; } = shape;

    internal Prepared<Script> Prepared { get; } = prepared;

    /// <summary>Modules the code passes to <c>require(…)</c>; the sandbox cannot load any of them.</summary>
    public IReadOnlyList<string> RequiredModules { get; } = requiredModules;
}

using System.Runtime.CompilerServices;
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

    // Boxed: a struct-typed field is laid out when its class loads, and this class loads with the sandbox, which every
    // node builds at start; held by reference, Jint loads with the first script instead.
    private readonly StrongBox<Prepared<Script>> prepared = new(prepared);

    internal Prepared<Script> Prepared => prepared.Value;

    /// <summary>Modules the code passes to <c>require(…)</c>; the sandbox cannot load any of them.</summary>
    public IReadOnlyList<string> RequiredModules { get; } = requiredModules;
}

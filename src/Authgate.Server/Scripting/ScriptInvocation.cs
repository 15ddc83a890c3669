using Jint.Native;

namespace Authgate.Scripting;

/// <summary>
/// Which function of a compiled script to call, with what. Arguments and globals are built inside the execution's
/// own engine (a fresh one each time), so host objects such as an Action's <c>api</c> are made per run.
/// </summary>
internal sealed record ScriptInvocation
{
    /// <summary>Calls <c>exports.{Export}</c> (or <c>module.exports.{Export}</c>) of a <see cref="ScriptShape.Program"/>.</summary>
    public string? Export { get; init; }

    /// <summary>Calls the global function <c>{GlobalFunction}</c> a <see cref="ScriptShape.Program"/> declares (<c>function login(email, password, callback)</c>).</summary>
    public string? GlobalFunction { get; init; }

    /// <summary>The arguments, built in the execution's engine. The callback, when <see cref="Callback"/> is set, is appended after them.</summary>
    public required Func<ScriptScope, JsValue[]> Arguments { get; init; }

    /// <summary>Extra globals to define before the script runs (Rules' <c>configuration</c>, a host-allowlisted <c>fetch</c>…).</summary>
    public Action<ScriptScope>? Globals { get; init; }

    /// <summary>
    /// Appends a Node-style <c>callback(error, …values)</c>: the execution ends when it is called, and a non-null
    /// error fails it. Otherwise the function's return value (awaited when it is a promise) is the result.
    /// </summary>
    public bool Callback { get; init; }

    /// <summary>The most this execution may take; the sandbox's configured timeout when null. Triggers pass what is left of their budget.</summary>
    public TimeSpan? Timeout { get; init; }
}

namespace Authgate.Scripting;

/// <summary>How a script's entry point is found.</summary>
internal enum ScriptShape
{
    /// <summary>A module that assigns functions to <c>exports</c> (Actions), or declares named functions (custom database scripts).</summary>
    Program,

    /// <summary>The whole source is one function expression, <c>function (user, context, callback) {…}</c> (Rules).</summary>
    FunctionExpression,
}

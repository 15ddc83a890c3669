using Authgate.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace Authgate.Actions;

/// <summary>Small helpers for building the <c>api</c> objects: namespaces of functions, argument reading, Auth0's errors.</summary>
internal static class ScriptApi
{
    /// <summary>Adds <c>parent[name]</c> as an object of functions; each returns <paramref name="chain"/> unless it returns a value.</summary>
    public static (string Name, Func<JsValue[], JsValue?> Body) Fn(string name, Func<JsValue[], JsValue?> body) => (name, body);

    /// <remarks>Filled on first use: a script uses two or three of the dozen namespaces, and each costs its host functions.</remarks>
    public static void Namespace(ScriptScope scope, ObjectInstance parent, string name, JsValue chain, params (string Name, Func<JsValue[], JsValue?> Body)[] functions) =>
        parent.FastSetDataProperty(name, scope.OnFirstUse(target =>
        {
            foreach (var (functionName, body) in functions)
            {
                target.FastSetDataProperty(functionName, scope.Function(functionName, arguments => body(arguments) ?? chain));
            }
        }));

    public static JsValue Arg(JsValue[] arguments, int index) => index < arguments.Length ? arguments[index] : JsValue.Undefined;

    public static string String(ScriptScope scope, JsValue[] arguments, int index, string method, string parameter)
    {
        var value = Arg(arguments, index);
        return value.IsString() ? value.AsString() : throw scope.TypeError($"{method}: {parameter} must be a string");
    }

    /// <summary>A namespace whose every call fails with a clear message, for APIs that have no meaning in this flow.</summary>
    public static void Unavailable(ScriptScope scope, ObjectInstance parent, string name, string reason, params string[] functions) =>
        parent.FastSetDataProperty(name, scope.OnFirstUse(target =>
        {
            foreach (var function in functions)
            {
                target.FastSetDataProperty(function, scope.Function(function, _ => throw scope.Error($"api.{name}.{function} is not available: {reason}")));
            }
        }));
}

using System.Text;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace Authgate.Scripting;

/// <summary>
/// One execution's engine and what host code needs to talk to it: JSON in and out, objects and functions, promises
/// that complete when host work does, errors, and the console. Host functions run on the engine's thread.
/// </summary>
internal sealed class ScriptScope
{
    private Jint.Native.Json.JsonParser? parser;
    private Jint.Native.Json.JsonSerializer? serializer;
    private readonly StringBuilder console = new();
    private readonly List<string> logs = [];
    private readonly int maxConsoleCharacters;

    internal ScriptScope(Engine engine, CancellationToken cancellationToken, int maxConsoleCharacters)
    {
        Engine = engine;
        CancellationToken = cancellationToken;
        this.maxConsoleCharacters = maxConsoleCharacters;
    }

    private Jint.Native.Json.JsonParser Parser => parser ??= new Jint.Native.Json.JsonParser(Engine);

    private Jint.Native.Json.JsonSerializer Serializer => serializer ??= new Jint.Native.Json.JsonSerializer(Engine);

    public Engine Engine { get; }

    /// <summary>Cancelled at the execution's deadline: pass it to host work started from the script.</summary>
    public CancellationToken CancellationToken { get; }

    public IReadOnlyList<string> Logs => logs;

    /// <summary>
    /// Host work started by <see cref="Promise{T}"/> that the execution still waits for, and what settles its promise
    /// on the engine's thread once the work has ended.
    /// </summary>
    internal List<(Task Work, Action Settle)> Pending { get; } = [];

    /// <summary>A real JS value (object, array, string…) from JSON, so spread, <c>Object.keys</c> and <c>JSON.stringify</c> work.</summary>
    public JsValue FromJson(JsonNode? node) => node is null ? JsValue.Null : Parser.Parse(node.ToJsonString());

    /// <summary>
    /// The same value as <see cref="FromJson"/>, but each object is a <see cref="LazyObject"/> whose members are
    /// converted when the script first looks at it: for the large event objects that most scripts barely read.
    /// </summary>
    public JsValue FromJsonOnFirstUse(JsonNode? node) => node switch
    {
        null => JsValue.Null,
        JsonObject json => FromJsonOnFirstUse(json),
        JsonArray array => new JsArray(Engine, [.. array.Select(FromJsonOnFirstUse)]),
        JsonValue value => Primitive(value),
        _ => FromJson(node),
    };

    /// <inheritdoc cref="FromJsonOnFirstUse(JsonNode?)"/>
    /// <param name="json">The object.</param>
    /// <param name="then">Runs after the members are in place, when the object is filled: for members the JSON does not hold.</param>
    public ObjectInstance FromJsonOnFirstUse(JsonObject json, Action<ObjectInstance>? then = null) => OnFirstUse(target =>
    {
        foreach (var (key, member) in json)
        {
            target.FastSetDataProperty(key, FromJsonOnFirstUse(member));
        }

        then?.Invoke(target);
    });

    private JsValue Primitive(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case System.Text.Json.JsonValueKind.String:
                return value.TryGetValue<string>(out var text) ? JsString.Create(text) : Parser.Parse(value.ToJsonString());
            case System.Text.Json.JsonValueKind.True:
                return JsBoolean.True;
            case System.Text.Json.JsonValueKind.False:
                return JsBoolean.False;
            case System.Text.Json.JsonValueKind.Null:
                return JsValue.Null;
            default:
                // Numbers stored as int, long, double or JSON text: JSON.parse's reading of the text is the reference.
                return value.TryGetValue<double>(out var number) ? JsNumber.Create(number)
                    : value.TryGetValue<long>(out var integer) ? JsNumber.Create(integer)
                    : value.TryGetValue<int>(out var small) ? JsNumber.Create(small)
                    : Parser.Parse(value.ToJsonString());
        }
    }

    /// <summary>What <c>JSON.parse(text)</c> gives; a <c>SyntaxError</c> (as a <see cref="JavaScriptException"/>) when it is not JSON.</summary>
    public JsValue ParseJson(string text) => Parser.Parse(text);

    /// <summary>A JS value as JSON, as <c>JSON.stringify</c> sees it; undefined and functions become null.</summary>
    public JsonNode? ToJson(JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        // Strings and booleans, the usual claim values, without a round trip through JSON text; a string with a
        // lone surrogate goes through JSON.stringify, which escapes it.
        if (value.IsString() && value.AsString() is var text && !text.Any(char.IsSurrogate))
        {
            return JsonValue.Create(text);
        }

        if (value.IsBoolean())
        {
            return JsonValue.Create(value.AsBoolean());
        }

        var json = Serializer.Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }

    public JsObject Object() => new(Engine);

    /// <summary>An object that <paramref name="fill"/> fills the first time the script looks at it (<see cref="LazyObject"/>).</summary>
    public ObjectInstance OnFirstUse(Action<ObjectInstance> fill) => new LazyObject(Engine, fill);

    /// <summary>
    /// Defines <paramref name="name"/> on <paramref name="target"/> as a value built on first read, after which it is
    /// a plain data property: listed by <c>Object.keys</c>, copied by spread and <c>JSON.stringify</c>, assignable.
    /// For single members that cost a database read (the roles and factors of a post-login event) inside an object
    /// that is itself filled on first use (<see cref="OnFirstUse"/>).
    /// </summary>
    public void DefineOnFirstRead(ObjectInstance target, string name, Func<JsValue> read)
    {
        void Settle(JsValue value) => target.DefineOwnProperty(name, new PropertyDescriptor(value, writable: true, enumerable: true, configurable: true));
        var getter = Function("get " + name, _ =>
        {
            var value = read();
            Settle(value);
            return value;
        });
        var setter = Function("set " + name, arguments =>
        {
            Settle(arguments.Length > 0 ? arguments[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 1);
        target.DefineOwnProperty(name, new GetSetPropertyDescriptor(getter, setter, enumerable: true, configurable: true));
    }

    /// <summary>A function the script can call; <paramref name="body"/> gets the arguments (missing ones are undefined).</summary>
    public ClrFunction Function(string name, Func<JsValue[], JsValue> body, int length = 0) =>
        new(Engine, name, (_, arguments) => body(arguments), length);

    /// <summary>
    /// A promise settled by host work (an HTTP call, a database lookup): the work runs off the engine's thread and the
    /// sandbox settles the promise on it when the work ends. The work gets the execution's cancellation token.
    /// </summary>
    public JsValue Promise(Func<CancellationToken, Task<JsonNode?>> work) => Promise(work, FromJson);

    /// <summary>
    /// A promise settled by host work whose result becomes a JS value only on the engine's thread (an object with
    /// functions, such as a fetch response). A failed work rejects with <paramref name="failure"/>'s error, or with an
    /// <c>Error</c> carrying the exception's message; a <paramref name="success"/> that throws rejects with that.
    /// </summary>
    public JsValue Promise<T>(Func<CancellationToken, Task<T>> work, Func<T, JsValue> success, Func<Exception, JavaScriptException>? failure = null)
    {
        var (promise, resolve, reject) = Engine.Advanced.RegisterPromise();
        var task = work(CancellationToken);
        Pending.Add((task, () =>
        {
            if (task.IsCompletedSuccessfully)
            {
                JsValue value;
                try
                {
                    value = success(task.Result);
                }
                catch (JavaScriptException e)
                {
                    reject(e.Error);
                    return;
                }

                resolve(value);
                return;
            }

            var exception = task.Exception?.InnerException ?? new OperationCanceledException("The operation was cancelled");
            reject((failure?.Invoke(exception) ?? Error(exception.Message)).Error);
        }));
        return promise;
    }

    /// <summary>A promise already settled with <paramref name="value"/> (for host functions that answer at once).</summary>
    public JsValue Resolved(JsValue value)
    {
        var (promise, resolve, _) = Engine.Advanced.RegisterPromise();
        resolve(value);
        return promise;
    }

    /// <summary>A promise already rejected with <paramref name="error"/>.</summary>
    public JsValue Rejected(JavaScriptException error)
    {
        var (promise, _, reject) = Engine.Advanced.RegisterPromise();
        reject(error.Error);
        return promise;
    }

    /// <summary>An <c>Error</c> the script sees as thrown by the host function that throws it.</summary>
    public JavaScriptException Error(string message) => new(Engine.Intrinsics.Error, message);

    public JavaScriptException TypeError(string message) => new(Engine.Intrinsics.TypeError, message);

    /// <summary>One <c>console.*</c> call: arguments joined by spaces, objects as JSON, capped per execution.</summary>
    internal void Log(JsValue[] arguments)
    {
        var line = string.Join(' ', arguments.Select(Format));
        var room = maxConsoleCharacters - console.Length;
        if (room <= 0)
        {
            return;
        }

        if (line.Length > room)
        {
            line = line[..room];
        }

        console.Append(line).Append('\n');
        logs.Add(line);
    }

    private string Format(JsValue value)
    {
        if (value.IsString())
        {
            return value.AsString();
        }

        if (value.IsObject() && !value.IsArray() && value.AsObject() is { } o && o.HasProperty("message") && o.HasProperty("stack"))
        {
            // As Node prints an Error: "Name: message" and the stack.
            var stack = o.Get("stack").ToString();
            var head = $"{o.Get("name")}: {o.Get("message")}";
            return stack.StartsWith(head, StringComparison.Ordinal) ? stack : head + "\n" + stack;
        }

        try
        {
            return value.IsObject() ? ToJson(value)?.ToJsonString() ?? value.ToString() : value.ToString();
        }
        catch (JavaScriptException)
        {
            // A cyclic object: JSON.stringify refuses it, console.log does not.
            return value.ToString();
        }
    }
}

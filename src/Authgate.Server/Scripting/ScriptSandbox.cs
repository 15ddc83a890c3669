using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Microsoft.Extensions.Options;

namespace Authgate.Scripting;

/// <summary>
/// Runs customer JavaScript (Actions, Rules, later custom database scripts) with Jint. Each execution gets a fresh
/// engine over a cached, prepared script, so nothing leaks from one login to the next; limits on time, statements,
/// memory and call depth stop a runaway script, and at most <see cref="ScriptingOptions.MaxConcurrency"/> run at
/// once, so a script that loops occupies one slot until its deadline and every other request keeps its threads.
/// There is no <c>require</c>, <c>process</c>, <c>fetch</c>, file system or network unless a caller injects one.
/// </summary>
internal sealed partial class ScriptSandbox : IDisposable
{
    private const int MaxCachedScripts = 1_000;

    private readonly ScriptingOptions options;
    private readonly ILogger<ScriptSandbox> logger;
    private readonly ConcurrentDictionary<string, CompiledScript> cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim slots;
    private readonly Meter meter = new("Authgate.Scripting");
    private readonly Histogram<double> duration;
    private readonly Counter<long> failures;

    public ScriptSandbox(IOptions<ScriptingOptions> options, ILogger<ScriptSandbox> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        var concurrency = this.options.MaxConcurrency > 0 ? this.options.MaxConcurrency : Math.Max(2, Environment.ProcessorCount);
        slots = new SemaphoreSlim(concurrency, concurrency);
        duration = meter.CreateHistogram<double>("authgate.scripts.duration", "ms", "Time to run one script execution, waiting for a slot excluded");
        failures = meter.CreateCounter<long>("authgate.scripts.failures", description: "Script executions that did not complete, by kind");
    }

    /// <summary>Parses (or finds in the cache) a script; a syntax error names its line and column in the source as given.</summary>
    public (CompiledScript? Script, ScriptSyntaxError? Error) Compile(string source, ScriptShape shape)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((shape == ScriptShape.Program ? "p:" : "f:") + source)));
        if (cache.TryGetValue(hash, out var cached))
        {
            return (cached, null);
        }

        var code = shape == ScriptShape.FunctionExpression ? "(" + source.TrimEnd().TrimEnd(';') + "\n)" : source;
        Prepared<Script> prepared;
        Script ast;
        try
        {
            prepared = Engine.PrepareScript(code, "script.js");
            ast = new Acornima.Parser().ParseScript(code, "script.js");
        }
        catch (Exception e) when (e is ScriptPreparationException or Acornima.ParseErrorException)
        {
            var syntax = e as Acornima.ParseErrorException ?? e.InnerException as Acornima.ParseErrorException;
            var line = syntax?.LineNumber ?? 1;
            var column = syntax?.Column ?? 0;
            if (shape == ScriptShape.FunctionExpression && AsProgram(source, line) is { } program)
            {
                // Valid code that is not one function, or an error the added parentheses moved past the end of the source.
                return (null, program);
            }

            // The opening parenthesis added to a function expression shifts the first line by one column.
            column = shape == ScriptShape.FunctionExpression && line == 1 ? Math.Max(column - 1, 0) : column;
            return (null, new ScriptSyntaxError(syntax?.Description ?? e.Message, line, column + 1));
        }

        if (shape == ScriptShape.FunctionExpression && ast.Body is not [ExpressionStatement { Expression: FunctionExpression or ArrowFunctionExpression }])
        {
            return (null, NotOneFunction);
        }

        var script = new CompiledScript(hash, shape, prepared, RequiredModules(ast));
        if (cache.Count >= MaxCachedScripts)
        {
            cache.Clear();
        }

        return (cache.GetOrAdd(hash, script), null);
    }

    private static readonly ScriptSyntaxError NotOneFunction =
        new("The code must be a single function, such as function (user, context, callback) { … } or function login(email, password, callback) { … }", 1, 1) { WrongShape = true };

    /// <summary>
    /// For a function expression that did not parse at <paramref name="line"/>: <see cref="NotOneFunction"/> when the
    /// source is valid code of another shape; the source's own error as a plain program when the expression's error
    /// lies past the end of the source (on the added parenthesis); otherwise null, and the expression's error stands.
    /// </summary>
    private static ScriptSyntaxError? AsProgram(string source, int line)
    {
        try
        {
            new Acornima.Parser().ParseScript(source, "script.js");
            return NotOneFunction;
        }
        catch (Acornima.ParseErrorException program)
        {
            return line > source.TrimEnd().TrimEnd(';').Split('\n').Length
                ? new ScriptSyntaxError(program.Description, program.LineNumber, program.Column + 1)
                : null;
        }
    }

    /// <summary>Runs one function of a compiled script in a fresh engine, within the limits; never throws for anything the script does.</summary>
    public async Task<ScriptResult> RunAsync(CompiledScript script, ScriptInvocation invocation, CancellationToken cancellationToken)
    {
        var timeout = invocation.Timeout ?? TimeSpan.FromMilliseconds(options.TimeoutMilliseconds);
        if (timeout <= TimeSpan.Zero)
        {
            return Fail(ScriptFailureKind.Timeout, TimeoutMessage, TimeSpan.Zero, []);
        }

        var queued = Stopwatch.GetTimestamp();
        var wait = TimeSpan.FromMilliseconds(Math.Min(options.QueueTimeoutMilliseconds, timeout.TotalMilliseconds));
        if (!await slots.WaitAsync(wait, cancellationToken))
        {
            return Fail(ScriptFailureKind.Busy, "Too many scripts are running. Please retry shortly.", Stopwatch.GetElapsedTime(queued), []);
        }

        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout - Stopwatch.GetElapsedTime(queued) is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
        ScriptScope? scope = null;
        try
        {
            var engine = new Engine(o => o
                .LimitMemory(options.MemoryLimitBytes)
                .MaxStatements(options.MaxStatements)
                .LimitRecursion(options.MaxRecursionDepth)
                .CancellationToken(deadline.Token));
            scope = new ScriptScope(engine, deadline.Token, options.MaxConsoleCharacters);
            var result = await ExecuteAsync(script, invocation, scope, deadline.Token);
            return result with { Logs = scope.Logs, Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var logs = scope?.Logs ?? [];
            if (cancellationToken.IsCancellationRequested)
            {
                return Fail(ScriptFailureKind.Cancelled, "The request was cancelled.", elapsed, logs);
            }

            return e switch
            {
                ExecutionCanceledException or OperationCanceledException or TimeoutException => Fail(ScriptFailureKind.Timeout, TimeoutMessage, elapsed, logs),
                StatementsCountOverflowException => Fail(ScriptFailureKind.StatementLimit, "Script execution exceeded the statement limit", elapsed, logs),
                MemoryLimitExceededException => Fail(ScriptFailureKind.MemoryLimit, "Script execution exceeded the memory limit", elapsed, logs),
                RecursionDepthOverflowException => Fail(ScriptFailureKind.RecursionLimit, "Maximum call stack size exceeded", elapsed, logs),
                PromiseRejectedException rejected => Thrown(scope, rejected.RejectedValue, elapsed, logs),
                JavaScriptException thrown => Thrown(scope, thrown.Error, elapsed, logs),
                _ => Unexpected(e, elapsed, logs),
            };
        }
        finally
        {
            duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            slots.Release();
        }
    }

    private const string TimeoutMessage = "Script execution time exceeded";

    private static readonly string[] ConsoleLevels = ["log", "info", "warn", "error", "debug", "trace"];

    private static async Task<ScriptResult> ExecuteAsync(CompiledScript script, ScriptInvocation invocation, ScriptScope scope, CancellationToken cancellationToken)
    {
        var engine = scope.Engine;
        var exports = scope.Object();
        var module = scope.Object();
        module.Set("exports", exports);
        engine.SetValue("exports", exports);
        engine.SetValue("module", module);
        engine.SetValue("console", scope.OnFirstUse(console =>
        {
            foreach (var level in ConsoleLevels)
            {
                console.FastSetDataProperty(level, scope.Function(level, arguments => { scope.Log(arguments); return JsValue.Undefined; }));
            }
        }));
        engine.SetValue("require", scope.Function("require", arguments =>
            throw scope.Error($"Cannot find module '{(arguments.Length > 0 ? arguments[0].ToString() : "")}': npm modules are not available in Authgate")));
        invocation.Globals?.Invoke(scope);

        var completion = engine.Evaluate(script.Prepared);
        var entry = script.Shape == ScriptShape.FunctionExpression
            ? completion
            : invocation.GlobalFunction is { } name
                ? engine.GetValue(name)
                : module.Get("exports") is Jint.Native.Object.ObjectInstance target ? target.Get(invocation.Export ?? "") : JsValue.Undefined;
        if (entry is not Jint.Native.Function.Function)
        {
            var what = script.Shape == ScriptShape.FunctionExpression ? "The script" : invocation.GlobalFunction ?? "exports." + invocation.Export;
            return new ScriptResult { Failure = new ScriptFailure(ScriptFailureKind.NoEntryPoint, $"{what} is not a function") };
        }

        var arguments = invocation.Arguments(scope).ToList();
        JsValue[]? called = null;
        if (invocation.Callback)
        {
            arguments.Add(scope.Function("callback", values => { called ??= [.. values]; return JsValue.Undefined; }, 2));
        }

        var returned = engine.Call(entry, JsValue.Undefined, [.. arguments]);

        // Jint reuses argument arrays after a call returns: host functions copy what they keep.
        // Settle the returned promise through JS's own then(), and wait for host work the script started.
        JsValue? fulfilled = null;
        JsValue? rejected = null;
        var isPromise = returned.IsObject() && returned.AsObject().Get("then") is Jint.Native.Function.Function;
        if (isPromise)
        {
            engine.Call(returned.AsObject().Get("then"), returned, [
                scope.Function("onFulfilled", values => { fulfilled = values.Length > 0 ? values[0] : JsValue.Undefined; return JsValue.Undefined; }),
                scope.Function("onRejected", values => { rejected = values.Length > 0 ? values[0] : JsValue.Undefined; return JsValue.Undefined; }),
            ]);
        }

        while (true)
        {
            engine.Advanced.ProcessTasks();
            if (rejected is not null)
            {
                throw new PromiseRejectedException(rejected);
            }

            if (invocation.Callback ? called is not null : !isPromise || fulfilled is not null)
            {
                break;
            }

            if (scope.Pending.Count == 0)
            {
                // Nothing the host does can settle it any more: no timers exist in the sandbox.
                return new ScriptResult
                {
                    Failure = new ScriptFailure(ScriptFailureKind.Error, invocation.Callback ? "The script finished without calling its callback" : "The script's promise never settled"),
                };
            }

            var done = await Task.WhenAny(scope.Pending.Select(p => p.Work)).WaitAsync(cancellationToken);
            var index = scope.Pending.FindIndex(p => p.Work == done);
            var settle = scope.Pending[index].Settle;
            scope.Pending.RemoveAt(index);
            settle();
        }

        if (invocation.Callback)
        {
            var error = called!.Length > 0 ? called[0] : JsValue.Undefined;
            if (!error.IsNull() && !error.IsUndefined())
            {
                throw new PromiseRejectedException(error);
            }

            return new ScriptResult { CallbackValues = called.Skip(1).Select(scope.ToJson).ToList() };
        }

        return new ScriptResult { Value = scope.ToJson(isPromise ? fulfilled! : returned) };
    }

    private ScriptResult Thrown(ScriptScope? scope, JsValue error, TimeSpan elapsed, IReadOnlyList<string> logs)
    {
        string message;
        JsonNode? json = null;
        if (error.IsObject() && error.AsObject() is var o && o.Get("message") is { } m && m.IsString())
        {
            message = m.AsString();
            if (scope is not null)
            {
                var described = scope.ToJson(error) as JsonObject ?? [];
                described["name"] = o.Get("name").ToString();
                described["message"] = message;
                json = described;
            }
        }
        else
        {
            message = error.IsString() ? error.AsString() : error.ToString();
            json = scope?.ToJson(error);
        }

        failures.Add(1, new KeyValuePair<string, object?>("kind", nameof(ScriptFailureKind.Error)));
        return new ScriptResult { Failure = new ScriptFailure(ScriptFailureKind.Error, message) { Error = json }, Elapsed = elapsed, Logs = logs };
    }

    private ScriptResult Fail(ScriptFailureKind kind, string message, TimeSpan elapsed, IReadOnlyList<string> logs)
    {
        failures.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));
        return new ScriptResult { Failure = new ScriptFailure(kind, message), Elapsed = elapsed, Logs = logs };
    }

    private ScriptResult Unexpected(Exception e, TimeSpan elapsed, IReadOnlyList<string> logs)
    {
        // A Jint error on valid input (an engine bug or a limit we do not map): the script fails, the host carries on.
        Log.UnexpectedScriptError(logger, e);
        return Fail(ScriptFailureKind.Error, "Script execution failed", elapsed, logs);
    }

    /// <summary>The string literals passed to <c>require</c> anywhere in the code; a computed argument is reported as <c>(dynamic)</c>.</summary>
    private static List<string> RequiredModules(Script ast)
    {
        var modules = new List<string>();
        foreach (var node in ast.DescendantNodes())
        {
            if (node is CallExpression { Callee: Identifier { Name: "require" } } call)
            {
                var name = call.Arguments is [StringLiteral literal] ? literal.Value : "(dynamic)";
                if (!modules.Contains(name))
                {
                    modules.Add(name);
                }
            }
        }

        return modules;
    }

    public void Dispose()
    {
        slots.Dispose();
        meter.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "A script failed with an unexpected engine error")]
        public static partial void UnexpectedScriptError(ILogger logger, Exception exception);
    }
}

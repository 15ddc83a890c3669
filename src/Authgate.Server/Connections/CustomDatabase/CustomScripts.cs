using System.Text.Json.Nodes;
using Authgate.Scripting;
using Jint;
using Jint.Native;

namespace Authgate.Connections.CustomDatabase;

/// <summary>
/// Runs a custom database connection's scripts, unchanged from Auth0, in the shared sandbox: each script is one
/// function (<c>function login(email, password, callback)</c>, <c>function getByEmail(email, callback)</c>, …) called
/// with Auth0's arguments and a Node-style callback, with Auth0's globals (<c>configuration</c>,
/// <c>WrongUsernameOrPasswordError</c>, <c>ValidationError</c>, <c>UnauthorizedError</c>, <c>global</c>) and a
/// <c>fetch</c> that reaches only the connection's <c>allowed_hosts</c>. Never throws for anything a script does.
/// </summary>
internal sealed class CustomScripts(ScriptSandbox sandbox, ScriptFetch fetch)
{
    /// <summary><c>login(userNameOrEmail, password, callback)</c>: <c>callback(null, profile)</c> on success.</summary>
    public Task<CustomScriptResult> LoginAsync(CustomDatabaseSetup setup, string userNameOrEmail, string password, CancellationToken cancellationToken) =>
        RunAsync(setup, "login", _ => [new JsString(userNameOrEmail), new JsString(password)], cancellationToken);

    /// <summary><c>getByEmail(email, callback)</c>: <c>callback(null, profile)</c>, or <c>callback(null)</c> when there is no such user.</summary>
    public Task<CustomScriptResult> GetUserAsync(CustomDatabaseSetup setup, string email, CancellationToken cancellationToken) =>
        RunAsync(setup, "get_user", _ => [new JsString(email)], cancellationToken);

    /// <summary><c>create(user, callback)</c> with <c>email</c>, <c>password</c>, <c>username</c>, <c>tenant</c>, <c>client_id</c>, <c>connection</c> and the metadata.</summary>
    public Task<CustomScriptResult> CreateAsync(CustomDatabaseSetup setup, JsonObject user, CancellationToken cancellationToken) =>
        RunAsync(setup, "create", scope => [scope.FromJson(user)], cancellationToken);

    /// <summary><c>changePassword(email, newPassword, callback)</c>: <c>callback(null, true)</c> when the password was changed.</summary>
    public Task<CustomScriptResult> ChangePasswordAsync(CustomDatabaseSetup setup, string email, string newPassword, CancellationToken cancellationToken) =>
        RunAsync(setup, "change_password", _ => [new JsString(email), new JsString(newPassword)], cancellationToken);

    /// <summary><c>remove(id, callback)</c> with the user id as the scripts returned it (without <c>auth0|</c>).</summary>
    public Task<CustomScriptResult> DeleteAsync(CustomDatabaseSetup setup, string id, CancellationToken cancellationToken) =>
        RunAsync(setup, "delete", _ => [new JsString(id)], cancellationToken);

    private async Task<CustomScriptResult> RunAsync(CustomDatabaseSetup setup, string name, Func<ScriptScope, JsValue[]> arguments, CancellationToken cancellationToken)
    {
        if (!setup.Scripts.TryGetValue(name, out var script))
        {
            return new CustomScriptResult(name, CustomScriptVerdict.Missing, Message: $"The connection has no {name} script.");
        }

        var run = await sandbox.RunAsync(script, new ScriptInvocation
        {
            Arguments = arguments,
            Callback = true,
            Globals = scope => Globals(scope, setup),
        }, cancellationToken);
        return Classify(name, run);
    }

    private void Globals(ScriptScope scope, CustomDatabaseSetup setup)
    {
        var engine = scope.Engine;
        engine.SetValue("configuration", scope.FromJson(new JsonObject([.. setup.Configuration.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value))])));
        engine.SetValue("global", scope.Object());
        engine.Evaluate(ErrorClasses.Script);
        fetch.Define(scope, setup.Allowlist);
    }

    private static CustomScriptResult Classify(string name, ScriptResult run)
    {
        if (run.Failure is not { } failure)
        {
            return new CustomScriptResult(name, CustomScriptVerdict.Done, run.CallbackValues.Count > 0 ? run.CallbackValues[0] : null) { Run = run };
        }

        if (failure.Kind == ScriptFailureKind.Busy)
        {
            return new CustomScriptResult(name, CustomScriptVerdict.Busy, Message: failure.Message) { Run = run };
        }

        if (failure.Kind == ScriptFailureKind.Error && failure.Error is JsonObject error && error["name"] is JsonValue type && type.TryGetValue<string>(out var typeName))
        {
            switch (typeName)
            {
                case "WrongUsernameOrPasswordError":
                    return new CustomScriptResult(name, CustomScriptVerdict.WrongCredentials, Message: failure.Message, Code: Text(error["user_id"])) { Run = run };
                case "UnauthorizedError":
                    return new CustomScriptResult(name, CustomScriptVerdict.Unauthorized, Message: failure.Message) { Run = run };
                case "ValidationError":
                    return new CustomScriptResult(name, CustomScriptVerdict.Invalid, Message: failure.Message, Code: Text(error["code"])) { Run = run };
            }
        }

        return new CustomScriptResult(name, CustomScriptVerdict.Failed, Message: failure.Message) { Run = run };
    }

    /// <summary>A string or number as text; anything falsy (null, "", 0, false) as null, as Auth0 treats a falsy first argument.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
        JsonValue v when v.TryGetValue<double>(out var d) => d == 0 ? null : d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// Auth0's error classes, parsed once. In a class of their own: a struct-typed static field is laid out when its
    /// class loads, and <see cref="CustomScripts"/> loads when the services are registered, which loaded Jint on every
    /// start of every node, though most never run a custom database script.
    /// </summary>
    private static class ErrorClasses
    {
        internal static readonly Prepared<Acornima.Ast.Script> Script = Engine.PrepareScript("""
            globalThis.WrongUsernameOrPasswordError = class WrongUsernameOrPasswordError extends Error {
              constructor(emailOrUserId, message) { super(message || 'Wrong email or password.'); this.name = 'WrongUsernameOrPasswordError'; this.user_id = emailOrUserId; }
            };
            globalThis.ValidationError = class ValidationError extends Error {
              constructor(code, message) { super(message); this.name = 'ValidationError'; this.code = code; }
            };
            globalThis.UnauthorizedError = class UnauthorizedError extends Error {
              constructor(message) { super(message); this.name = 'UnauthorizedError'; }
            };
            """, "custom-database-errors.js");
    }
}

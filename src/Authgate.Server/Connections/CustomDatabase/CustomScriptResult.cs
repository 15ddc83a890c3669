using System.Text.Json.Nodes;
using Authgate.Scripting;

namespace Authgate.Connections.CustomDatabase;

/// <summary>
/// One run of a custom database script: the verdict, the value passed to the callback, the error's message and code
/// (a <c>ValidationError</c>'s code, or the first argument of <c>WrongUsernameOrPasswordError</c>), and the run
/// itself for the tenant log.
/// </summary>
internal sealed record CustomScriptResult(string Script, CustomScriptVerdict Verdict, JsonNode? Value = null, string? Message = null, string? Code = null)
{
    public ScriptResult? Run { get; init; }

    /// <summary>The limit that stopped the script (time, memory, statements, call depth) in Authgate's words; null otherwise.</summary>
    public string? Limit => Run?.Failure is { Kind: not (ScriptFailureKind.Error or ScriptFailureKind.Busy or ScriptFailureKind.Cancelled or ScriptFailureKind.NoEntryPoint) } failure
        ? failure.Message
        : null;

    /// <summary>For the tenant log event: the script, how long it took, how it failed, and the start of its console output.</summary>
    public JsonObject Details()
    {
        var details = new JsonObject { ["script"] = Script };
        if (Run is { } run)
        {
            details["duration_ms"] = Math.Round(run.Elapsed.TotalMilliseconds, 3);
            var logs = string.Join('\n', run.Logs);
            if (logs.Length > 0)
            {
                details["stdout"] = logs.Length > 256 ? logs[..256] : logs;
            }
        }

        if (Verdict is not CustomScriptVerdict.Done)
        {
            details["outcome"] = Verdict switch
            {
                CustomScriptVerdict.WrongCredentials => "wrong_username_or_password",
                CustomScriptVerdict.Unauthorized => "unauthorized",
                CustomScriptVerdict.Invalid => "validation_error",
                CustomScriptVerdict.Busy => "busy",
                CustomScriptVerdict.Missing => "missing",
                _ => Run?.Failure?.Kind.ToString().ToLowerInvariant() ?? "error",
            };
            if (Message is { } message)
            {
                details["message"] = message.Length > 256 ? message[..256] : message;
            }
        }

        return new JsonObject { ["custom_database"] = details };
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Authgate.Hosting;
using Authgate.Issuance;
using Authgate.OAuth;
using Authgate.Rbac;
using Authgate.Scripting;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Actions;

/// <summary>
/// Runs what a trigger has bound for one token request: on post-login the enabled Rules in order, then the bound
/// Actions in order; on credentials-exchange the bound Actions. One budget of time for all of them; the first
/// refusal stops the rest; metadata changes are written once at the end, refused or not (as at Auth0).
/// </summary>
internal sealed class TriggerRunner(
    RequestStorage storage,
    WriteGate writes,
    ScriptCatalog catalog,
    ScriptSandbox sandbox,
    UserAuthorization rbac,
    ActionCache cache,
    Issuer issuer,
    IOptions<ScriptingOptions> options,
    TimeProvider time)
{
    /// <summary>Auth0 keeps the first 256 characters of an Action's console output with the log event.</summary>
    public const int LoggedConsoleCharacters = 256;

    /// <summary>What the scripts decided, or null when the trigger runs nothing (the common, free case).</summary>
    public async Task<LoginScriptState?> RunAsync(IssuanceRequest request, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var trigger = request.Flow == IssuanceFlow.ClientCredentials ? Triggers.CredentialsExchange : Triggers.PostLogin;
        var scripts = await catalog.ForTriggerAsync(storage, trigger, cancellationToken);
        return scripts.IsEmpty ? null : await RunScriptsAsync(request, scopes, scripts, cancellationToken);
    }

    // Apart from RunAsync, which every token request runs: this method's delegates name the script engine's types, and
    // compiling it loads Jint, which a tenant without Actions or Rules never needs.
    private async Task<LoginScriptState> RunScriptsAsync(IssuanceRequest request, IReadOnlyList<string> scopes, TriggerScripts scripts, CancellationToken cancellationToken)
    {
        var state = new LoginScriptState(scopes);
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Value.TimeoutMilliseconds / 1000.0 * Stopwatch.Frequency);
        var transactionId = RandomValues.Id(24);
        var tenant = issuer.Host;
        if (request.Flow == IssuanceFlow.ClientCredentials)
        {
            var @event = LoginEvent.CredentialsExchange(request, scopes, tenant, transactionId);
            foreach (var action in scripts.Actions)
            {
                await RunActionAsync(action, @event, state, deadline, (scope, json) => scope.FromJsonOnFirstUse(json),
                    (scope, _) => CredentialsExchangeApi.Create(scope, state, action, cache, request.GrantedScopes ?? []), Triggers.CredentialsExchange, cancellationToken);
                if (state.Refused is not null)
                {
                    break;
                }
            }

            return state;
        }

        var user = request.User ?? throw new InvalidOperationException("post-login needs a user.");
        var facts = new LoginFacts(storage, rbac, user.UserId);

        // Built when a Rule or a sandboxed Action needs it: Actions applied directly never read the event.
        JsonObject? loginEvent = null;
        async ValueTask<JsonObject> EventAsync() => loginEvent ??= LoginEvent.PostLogin(request, user,
            request.Connection ?? await HotQueries.ConnectionById(storage, user.ConnectionId), tenant, transactionId, time.GetUtcNow().UtcDateTime);
        if (scripts.Rules.Count > 0)
        {
            // Rules get plain objects, so the facts are read now; each Rule receives the user and context the previous one passed to its callback.
            var ruleEvent = await EventAsync();
            facts.Write(ruleEvent);
            var ruleUser = (JsonObject)ruleEvent["user"]!.DeepClone();
            var ruleContext = RuleContext.From(ruleEvent, request, state.Scopes);
            foreach (var rule in scripts.Rules)
            {
                (ruleUser, ruleContext) = await RunRuleAsync(rule, ruleUser, ruleContext, scripts.RulesConfiguration, state, deadline, cancellationToken);
                if (state.Refused is not null)
                {
                    break;
                }
            }
        }

        foreach (var action in state.Refused is null ? scripts.Actions : [])
        {
            if (action.Direct is { } direct)
            {
                var started = Stopwatch.GetTimestamp();
                direct.Apply(state);
                Record(state, Execution(action), new ScriptResult { Elapsed = Stopwatch.GetElapsedTime(started) });
                continue;
            }

            await RunActionAsync(action, await EventAsync(), state, deadline, facts.Event,
                (scope, @event) => PostLoginApi.Create(scope, @event, state, action, cache, request.Flow), Triggers.PostLogin, cancellationToken);
            if (state.Refused is not null)
            {
                break;
            }
        }

        await WriteMetadataAsync(user, state, cancellationToken);
        return state;
    }

    private async Task RunActionAsync(DeployedAction action, JsonObject baseEvent, LoginScriptState state, long deadline,
        Func<ScriptScope, JsonObject, ObjectInstance> eventObject, Func<ScriptScope, ObjectInstance, ObjectInstance> api, string trigger, CancellationToken cancellationToken)
    {
        var @event = (JsonObject)baseEvent.DeepClone();
        @event["secrets"] = new JsonObject([.. action.Secrets.Select(s => new KeyValuePair<string, JsonNode?>(s.Key, s.Value))]);
        if (trigger == Triggers.PostLogin)
        {
            // Metadata set by an earlier Action is visible to the later ones, and transaction metadata is shared.
            Overlay(@event["user"]!["app_metadata"] as JsonObject, state.AppMetadata);
            Overlay(@event["user"]!["user_metadata"] as JsonObject, state.UserMetadata);
            @event["transaction"]!["metadata"] = state.TransactionMetadata.DeepClone();
        }

        var result = await sandbox.RunAsync(action.Script, new ScriptInvocation
        {
            Export = Triggers.EntryPoint(trigger),
            Arguments = scope =>
            {
                var eventValue = eventObject(scope, @event);
                return [eventValue, api(scope, eventValue)];
            },
            Timeout = Remaining(deadline),
        }, cancellationToken);
        Record(state, Execution(action), result);
        if (result.Failure is { } failure)
        {
            state.Refused ??= Refusal(failure);
        }
    }

    private static JsonObject Execution(DeployedAction action) => new()
    {
        ["type"] = "action",
        ["action_id"] = action.ActionId,
        ["action_name"] = action.Name,
        ["version_id"] = action.VersionId,
        ["version_number"] = action.VersionNumber,
    };

    private async Task<(JsonObject User, JsonObject Context)> RunRuleAsync(DeployedRule rule, JsonObject user, JsonObject context,
        IReadOnlyDictionary<string, string> configuration, LoginScriptState state, long deadline, CancellationToken cancellationToken)
    {
        Overlay(user["app_metadata"] as JsonObject, state.AppMetadata);
        Overlay(user["user_metadata"] as JsonObject, state.UserMetadata);
        var result = await sandbox.RunAsync(rule.Script, new ScriptInvocation
        {
            Arguments = scope => [scope.FromJson(user), scope.FromJson(context)],
            Callback = true,
            Globals = scope => RuleGlobals(scope, configuration, state, issuer),
            Timeout = Remaining(deadline),
        }, cancellationToken);
        state.ExecutedRules.Add(rule.Id);
        Record(state, new JsonObject { ["type"] = "rule", ["rule_id"] = rule.Id, ["rule_name"] = rule.Name }, result);
        if (result.Failure is { } failure)
        {
            state.Refused ??= failure.Kind == ScriptFailureKind.Error ? RuleContext.Refusal(failure.Error, failure.Message) : Refusal(failure);
            return (user, context);
        }

        // callback(null, user, context): what the Rule handed back is what the next one gets.
        var nextUser = result.CallbackValues.Count > 0 && result.CallbackValues[0] is JsonObject u ? u : user;
        var nextContext = result.CallbackValues.Count > 1 && result.CallbackValues[1] is JsonObject c ? c : context;
        RuleContext.Apply(nextContext, state);
        return (nextUser, nextContext);
    }

    /// <summary><c>configuration</c>, <c>UnauthorizedError</c>, <c>global</c> and a minimal <c>auth0</c> whose metadata updates join the batched write.</summary>
    private static void RuleGlobals(ScriptScope scope, IReadOnlyDictionary<string, string> configuration, LoginScriptState state, Issuer issuer)
    {
        var engine = scope.Engine;
        engine.SetValue("configuration", scope.FromJson(new JsonObject([.. configuration.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value))])));
        engine.SetValue("global", scope.Object());
        engine.Execute("class UnauthorizedError extends Error { constructor(message) { super(message); this.name = 'UnauthorizedError'; } }");
        engine.SetValue("UnauthorizedError", engine.Evaluate("UnauthorizedError"));
        var auth0 = scope.Object();
        auth0.Set("domain", new Uri(issuer.Value).Authority);
        var users = scope.Object();
        users.Set("updateAppMetadata", scope.Function("updateAppMetadata", a => Merge(scope, a, state.AppMetadata)));
        users.Set("updateUserMetadata", scope.Function("updateUserMetadata", a => Merge(scope, a, state.UserMetadata)));
        auth0.Set("users", users);
        engine.SetValue("auth0", auth0);
    }

    private static JsValue Merge(ScriptScope scope, JsValue[] arguments, Dictionary<string, JsonNode?> changes)
    {
        if (scope.ToJson(arguments.Length > 1 ? arguments[1] : JsValue.Undefined) is JsonObject metadata)
        {
            foreach (var (key, value) in metadata)
            {
                changes[key] = value?.DeepClone();
            }
        }

        return scope.Promise(_ => Task.FromResult<JsonNode?>(null));
    }

    private static void Record(LoginScriptState state, JsonObject entry, ScriptResult result)
    {
        entry["duration_ms"] = Math.Round(result.Elapsed.TotalMilliseconds, 3);
        var logs = string.Join('\n', result.Logs);
        if (logs.Length > 0)
        {
            entry["stdout"] = logs.Length > LoggedConsoleCharacters ? logs[..LoggedConsoleCharacters] : logs;
        }

        if (result.Failure is { } failure)
        {
            entry["error"] = new JsonObject { ["kind"] = failure.Kind.ToString(), ["message"] = failure.Message };
        }

        state.Executions.Add(entry);
    }

    private static OAuthError Refusal(ScriptFailure failure) => failure.Kind switch
    {
        ScriptFailureKind.Busy => OAuthErrors.ScriptsBusy(),
        _ => OAuthErrors.Denied(failure.Message),
    };

    private static TimeSpan Remaining(long deadline) => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);

    private static void Overlay(JsonObject? metadata, Dictionary<string, JsonNode?> changes)
    {
        if (metadata is null)
        {
            return;
        }

        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                metadata.Remove(key);
            }
            else
            {
                metadata[key] = value.DeepClone();
            }
        }
    }

    /// <summary>One write for all the metadata changes of the trigger: read the current value, overlay, store.</summary>
    private async Task WriteMetadataAsync(User user, LoginScriptState state, CancellationToken cancellationToken)
    {
        if (state.AppMetadata.Count == 0 && state.UserMetadata.Count == 0)
        {
            return;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        var row = await storage.Context.Users.AsTracking().FirstOrDefaultAsync(u => u.UserId == user.UserId, cancellationToken);
        if (row is null)
        {
            return;
        }

        row.AppMetadataJson = Apply(row.AppMetadataJson, state.AppMetadata);
        row.UserMetadataJson = Apply(row.UserMetadataJson, state.UserMetadata);
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await storage.Context.SaveChangesAsync(cancellationToken);
        storage.Context.Entry(row).State = EntityState.Detached;
        user.AppMetadataJson = row.AppMetadataJson;
        user.UserMetadataJson = row.UserMetadataJson;
    }

    private static string Apply(string json, Dictionary<string, JsonNode?> changes)
    {
        if (changes.Count == 0)
        {
            return json;
        }

        var metadata = Json.StoredJson.ParseObject(json);
        Overlay(metadata, changes);
        return metadata.ToJsonString();
    }
}

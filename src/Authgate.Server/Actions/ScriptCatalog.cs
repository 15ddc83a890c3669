using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Authgate.Scripting;
using Authgate.Security;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Actions;

/// <summary>
/// What each trigger runs, cached per node by generation. Every login reads one counter
/// (<c>script_generations</c>, bumped in the same transaction as any deploy, binding or rule change); while it is
/// unchanged the compiled scripts and decrypted secrets are reused, so every node runs what the database says
/// without re-reading or re-parsing the code on each login.
/// </summary>
internal sealed class ScriptCatalog(ScriptSandbox sandbox, SecretProtector protector)
{
    public const string SecretPurpose = "action.secret";
    public const string RulesConfigPurpose = "rules_config.value";

    private static readonly Func<AuthDbContext, string, Task<long>> GenerationQuery =
        EF.CompileAsyncQuery((AuthDbContext db, string trigger) =>
            db.ScriptGenerations.Where(g => g.TriggerId == trigger).Select(g => g.Generation).FirstOrDefault());

    private readonly ConcurrentDictionary<string, TriggerScripts> cache = new(StringComparer.Ordinal);

    public async Task<TriggerScripts> ForTriggerAsync(AuthDbContext db, string trigger, CancellationToken cancellationToken)
    {
        var generation = await GenerationQuery(db, trigger);
        if (cache.TryGetValue(trigger, out var cached) && cached.Generation == generation)
        {
            return cached;
        }

        var loaded = await LoadAsync(db, trigger, generation, cancellationToken);
        cache[trigger] = loaded;
        return loaded;
    }

    /// <summary>Moves a trigger's generation on; call inside the transaction that changes what it runs.</summary>
    public static Task BumpAsync(AuthDbContext db, string trigger, CancellationToken cancellationToken) =>
        RawSql.FirstRowAsync(db,
            "INSERT INTO script_generations (trigger_id, generation) VALUES (@t, 1) ON CONFLICT (trigger_id) DO UPDATE SET generation = script_generations.generation + 1 RETURNING generation",
            cancellationToken, ("@t", trigger));

    /// <summary>Secrets as stored: <c>[{name, value (encrypted), updated_at}]</c>, decrypted to a map.</summary>
    public Dictionary<string, string> Secrets(string secretsJson)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in JsonNode.Parse(secretsJson)?.AsArray() ?? [])
        {
            if (secret?["name"]?.GetValue<string>() is { } name && secret["value"]?.GetValue<string>() is { } value)
            {
                result[name] = protector.Unprotect(value, SecretPurpose);
            }
        }

        return result;
    }

    private async Task<TriggerScripts> LoadAsync(AuthDbContext db, string trigger, long generation, CancellationToken cancellationToken)
    {
        var bound = await db.ActionBindings.Where(b => b.TriggerId == trigger)
            .Join(db.ActionVersions.Where(v => v.Deployed), b => b.ActionId, v => v.ActionId, (b, v) => new { b.Position, b.ActionId, v })
            .Join(db.Actions, x => x.ActionId, a => a.Id, (x, a) => new { x.Position, x.v, a.Name })
            .OrderBy(x => x.Position)
            .ToListAsync(cancellationToken);
        var actions = bound.Select(x => new DeployedAction(x.v.ActionId, x.Name, x.v.Id, x.v.Number, Compile(x.v.Code, ScriptShape.Program), Secrets(x.v.SecretsJson))).ToList();

        var rules = new List<DeployedRule>();
        var configuration = new Dictionary<string, string>(StringComparer.Ordinal);
        if (trigger == Triggers.PostLogin)
        {
            foreach (var rule in await db.Rules.Where(r => r.Enabled).OrderBy(r => r.Order).ThenBy(r => r.Name).ToListAsync(cancellationToken))
            {
                rules.Add(new DeployedRule(rule.Id, rule.Name, Compile(rule.Script, ScriptShape.FunctionExpression)));
            }

            if (rules.Count > 0)
            {
                foreach (var config in await db.RulesConfigs.ToListAsync(cancellationToken))
                {
                    configuration[config.Key] = protector.Unprotect(config.ValueProtected, RulesConfigPurpose);
                }
            }
        }

        return new TriggerScripts(generation, rules, actions, configuration);
    }

    /// <summary>Stored code was checked when it was deployed or saved, so a failure here means the database was edited by hand.</summary>
    private CompiledScript Compile(string code, ScriptShape shape)
    {
        var (script, error) = sandbox.Compile(code, shape);
        return script ?? throw new InvalidOperationException($"Stored script does not compile: {error}");
    }
}

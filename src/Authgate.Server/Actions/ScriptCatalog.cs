using System.Text.Json.Nodes;
using Authgate.Scripting;
using Authgate.Security;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Actions;

/// <summary>
/// What each trigger runs, cached per node under the configuration version stamp (<see cref="ConfigurationCache"/>):
/// database triggers bump that stamp with any change to Actions, their versions and bindings, Rules and rules-configs,
/// so every node runs what the database says while a token request pays nothing beyond the stamp check it already
/// makes for clients and APIs.
/// While the stamp is unchanged the compiled scripts and decrypted secrets are reused.
/// </summary>
internal sealed class ScriptCatalog(ScriptSandbox sandbox, SecretProtector protector)
{
    public const string SecretPurpose = "action.secret";
    public const string RulesConfigPurpose = "rules_config.value";

    public Task<TriggerScripts> ForTriggerAsync(AuthDbContext db, string trigger, CancellationToken cancellationToken) =>
        ConfigurationCache.DerivedAsync(db, "scripts:" + trigger, () => LoadAsync(db, trigger, cancellationToken));

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

    private async Task<TriggerScripts> LoadAsync(AuthDbContext db, string trigger, CancellationToken cancellationToken)
    {
        var bound = await db.ActionBindings.Where(b => b.TriggerId == trigger)
            .Join(db.ActionVersions.Where(v => v.Deployed), b => b.ActionId, v => v.ActionId, (b, v) => new { b.Position, b.ActionId, v })
            .Join(db.Actions, x => x.ActionId, a => a.Id, (x, a) => new { x.Position, x.v, a.Name })
            .OrderBy(x => x.Position)
            .ToListAsync(cancellationToken);
        var actions = bound.Select(x => new DeployedAction(x.v.ActionId, x.Name, x.v.Id, x.v.Number, Compile(x.v.Code, ScriptShape.Program), Secrets(x.v.SecretsJson))
        {
            Direct = trigger == Triggers.PostLogin ? DirectAction.TryCreate(x.v.Code) : null,
        }).ToList();

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

        return new TriggerScripts(rules, actions, configuration);
    }

    /// <summary>Stored code was checked when it was deployed or saved, so a failure here means the database was edited by hand.</summary>
    private CompiledScript Compile(string code, ScriptShape shape)
    {
        var (script, error) = sandbox.Compile(code, shape);
        return script ?? throw new InvalidOperationException($"Stored script does not compile: {error}");
    }
}

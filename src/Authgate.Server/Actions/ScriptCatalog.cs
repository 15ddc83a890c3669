using System.Globalization;
using System.Text.Json.Nodes;
using Authgate.Scripting;
using Authgate.Security;
using Authgate.Storage;

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

    /// <summary>The deployed version of each Action bound to a trigger, in binding order.</summary>
    private const string BoundSql = """
        SELECT v.action_id, a.name, v.id, v.number, v.code, v.secrets_json
        FROM action_bindings b
        JOIN action_versions v ON v.action_id = b.action_id AND v.deployed
        JOIN actions a ON a.id = b.action_id
        WHERE b.trigger_id = @trigger
        ORDER BY b.position
        """;

    public Task<TriggerScripts> ForTriggerAsync(RequestStorage storage, string trigger, CancellationToken cancellationToken) =>
        storage.Configuration.DerivedAsync(storage, "scripts:" + trigger, () => LoadAsync(storage, trigger, cancellationToken));

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

    private async Task<TriggerScripts> LoadAsync(RequestStorage storage, string trigger, CancellationToken cancellationToken)
    {
        // Plain statements, not EF queries: this runs on a token request when the configuration changed.
        var bound = await storage.RowsAsync(BoundSql, int.MaxValue, cancellationToken, ("@trigger", trigger));
        var actions = bound.Select(row => new DeployedAction((string)row[0]!, (string)row[1]!, (string)row[2]!, Convert.ToInt32(row[3], CultureInfo.InvariantCulture),
            Compile((string)row[4]!, ScriptShape.Program), Secrets((string)row[5]!))
        {
            Direct = trigger == Triggers.PostLogin ? DirectAction.TryCreate((string)row[4]!) : null,
        }).ToList();

        var rules = new List<DeployedRule>();
        var configuration = new Dictionary<string, string>(StringComparer.Ordinal);
        if (trigger == Triggers.PostLogin)
        {
            foreach (var rule in await storage.RowsAsync("SELECT id, name, script FROM rules WHERE enabled ORDER BY \"order\", name", int.MaxValue, cancellationToken))
            {
                rules.Add(new DeployedRule((string)rule[0]!, (string)rule[1]!, Compile((string)rule[2]!, ScriptShape.FunctionExpression)));
            }

            if (rules.Count > 0)
            {
                foreach (var config in await storage.RowsAsync("SELECT key, value_protected FROM rules_configs", int.MaxValue, cancellationToken))
                {
                    configuration[(string)config[0]!] = protector.Unprotect((string)config[1]!, RulesConfigPurpose);
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

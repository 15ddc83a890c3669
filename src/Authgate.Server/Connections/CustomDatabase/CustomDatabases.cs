using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Authgate.Json;
using Authgate.Scripting;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Connections.CustomDatabase;

/// <summary>
/// One <see cref="CustomDatabaseSetup"/> per custom database connection and node, rebuilt when the connection's row
/// changes: the scripts are compiled and the configuration decrypted once, not at every login. Nothing here decides
/// security: the row in the shared database is the truth, and every node follows it.
/// </summary>
internal sealed class CustomDatabases(ScriptSandbox sandbox, SecretProtector protector)
{
    private readonly ConcurrentDictionary<string, CustomDatabaseSetup> setups = new(StringComparer.Ordinal);

    public CustomDatabaseSetup For(Connection connection)
    {
        var fingerprint = $"{connection.UpdatedAt.Ticks}|{connection.OptionsJson.GetHashCode(StringComparison.Ordinal)}|{connection.SecretProtected?.GetHashCode(StringComparison.Ordinal)}";
        if (setups.TryGetValue(connection.Id, out var setup) && setup.Fingerprint == fingerprint)
        {
            return setup;
        }

        setup = Build(connection, fingerprint);
        setups[connection.Id] = setup;
        return setup;
    }

    private IReadOnlyDictionary<string, string> Decrypt(string? secret)
    {
        if (secret is null)
        {
            return new Dictionary<string, string>();
        }

        return StoredJson.ParseObject(protector.Unprotect(secret, SecretPurposes.CustomDatabaseConfiguration))
            .Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out _))
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
    }

    private CustomDatabaseSetup Build(Connection connection, string fingerprint)
    {
        var options = CustomDatabaseOptions.Read(StoredJson.ParseObject(connection.OptionsJson));
        var scripts = new Dictionary<string, CompiledScript>(StringComparer.Ordinal);
        string? problem = null;
        foreach (var (name, source) in options.Scripts)
        {
            var (compiled, error) = sandbox.Compile(source, ScriptShape.FunctionExpression);
            if (compiled is null)
            {
                problem ??= $"customScripts.{name} does not compile: {error}";
                continue;
            }

            scripts[name] = compiled;
        }

        var (allowlist, _, hostError) = HostAllowlist.Parse(options.AllowedHosts);
        problem ??= hostError is null ? null : $"allowed_hosts is invalid: {hostError}";
        return new CustomDatabaseSetup(connection.Name, options.ImportMode, scripts, Decrypt(connection.SecretProtected), allowlist ?? HostAllowlist.Empty, fingerprint)
        {
            Problem = problem,
        };
    }
}

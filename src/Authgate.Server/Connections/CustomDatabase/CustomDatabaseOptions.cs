using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Authgate.Connections.Ldap;
using Authgate.Scripting;

namespace Authgate.Connections.CustomDatabase;

/// <summary>
/// The custom database part of a database (<c>auth0</c>) connection's <c>options</c>:
/// <c>enabledDatabaseCustomization</c>, <c>import_mode</c>, <c>customScripts</c>, <c>configuration</c> and Authgate's
/// <c>allowed_hosts</c> (the hosts the scripts' <c>fetch</c> may reach). <see cref="Validate"/> lists every invalid
/// field; <see cref="Read"/> is what a login acts on.
/// </summary>
internal sealed partial record CustomDatabaseOptions
{
    public const int MaxScriptBytes = 100 * 1024;
    public const int MaxAllowedHosts = 50;
    public const int MaxConfigurationKeys = 64;
    public const int MaxConfigurationValueLength = 4096;

    /// <summary>Auth0's script names (<c>ConnectionCustomScripts</c>); Authgate runs login, get_user, create, change_password and delete.</summary>
    public static readonly IReadOnlyList<string> ScriptNames =
        ["login", "get_user", "create", "verify", "change_password", "delete", "change_email", "change_username", "change_phone_number"];

    public bool Enabled { get; init; }

    public bool ImportMode { get; init; }

    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Whether the connection's passwords are checked by its scripts.</summary>
    public static bool IsEnabled(JsonObject options) => options["enabledDatabaseCustomization"] is JsonValue v && v.TryGetValue<bool>(out var on) && on;

    /// <summary>The stored options as a login uses them; a value of the wrong type reads as absent (the API refuses such values).</summary>
    public static CustomDatabaseOptions Read(JsonObject options) => new()
    {
        Enabled = IsEnabled(options),
        ImportMode = options["import_mode"] is JsonValue v && v.TryGetValue<bool>(out var import) && import,
        Scripts = options["customScripts"] is JsonObject scripts
            ? scripts.Where(s => s.Value is JsonValue value && value.TryGetValue<string>(out _)).ToDictionary(s => s.Key, s => s.Value!.GetValue<string>(), StringComparer.Ordinal)
            : new Dictionary<string, string>(),
        AllowedHosts = options["allowed_hosts"] is JsonArray hosts
            ? hosts.OfType<JsonValue>().Select(h => h.TryGetValue<string>(out var host) ? host : null).OfType<string>().ToList()
            : [],
    };

    /// <summary>
    /// What the connections schema (<c>Admin/Connections/DatabaseStrategy</c>) cannot express, paths relative to
    /// <c>options</c>: each script's size, syntax (with line and column) and npm modules, a <c>login</c> script when
    /// customization is on, the <c>allowed_hosts</c> entries and the <c>configuration</c> keys and sizes. A value of the
    /// wrong type is skipped here: the schema reports it.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject options, ScriptSandbox sandbox)
    {
        var errors = new List<FieldError>();
        var scripts = options["customScripts"] as JsonObject ?? [];
        foreach (var (name, value) in scripts)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var source) && CheckScript(source, sandbox) is { } problem)
            {
                errors.Add(new($"customScripts.{name}", problem));
            }
        }

        if (IsEnabled(options) && !scripts.ContainsKey("login"))
        {
            errors.Add(new("customScripts.login", "required when enabledDatabaseCustomization is true"));
        }

        if (options["allowed_hosts"] is JsonArray hosts)
        {
            var names = hosts.OfType<JsonValue>().Select(h => h.TryGetValue<string>(out var host) ? host : null).OfType<string>().ToList();
            if (names.Count == hosts.Count && HostAllowlist.Parse(names) is { Error: { } error, Index: var index })
            {
                errors.Add(new($"allowed_hosts[{index}]", $"'{names[index]}' {error}"));
            }
        }

        if (options["configuration"] is JsonObject configuration)
        {
            if (configuration.Count > MaxConfigurationKeys)
            {
                errors.Add(new("configuration", $"at most {MaxConfigurationKeys} keys"));
            }

            foreach (var (key, value) in configuration)
            {
                if (!ConfigurationKey().IsMatch(key))
                {
                    errors.Add(new($"configuration.{key}", "keys are 1 to 127 letters, digits or _-@*+:"));
                }
                else if (value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > MaxConfigurationValueLength)
                {
                    errors.Add(new($"configuration.{key}", $"at most {MaxConfigurationValueLength} characters"));
                }
            }
        }

        return errors;
    }

    /// <summary>The <c>configuration</c> values to encrypt (keys with a null value dropped); null when none is left.</summary>
    public static string? ConfigurationJson(JsonObject? configuration)
    {
        var values = new JsonObject();
        foreach (var (key, value) in configuration ?? [])
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                values[key] = text;
            }
        }

        return values.Count == 0 ? null : values.ToJsonString();
    }

    /// <summary>Why a script cannot run, or null: too large, a syntax error (line and column), or an npm module it needs.</summary>
    private static string? CheckScript(string source, ScriptSandbox sandbox)
    {
        var bytes = Encoding.UTF8.GetByteCount(source);
        if (bytes == 0 || string.IsNullOrWhiteSpace(source))
        {
            return "must not be empty";
        }

        if (bytes > MaxScriptBytes)
        {
            return $"is {bytes} bytes; a script may have at most {MaxScriptBytes} bytes (100 KB)";
        }

        var (compiled, syntax) = sandbox.Compile(source, ScriptShape.FunctionExpression);
        if (compiled is null)
        {
            return syntax!.WrongShape ? syntax.Message : $"syntax error at line {syntax.Line}, column {syntax.Column}: {syntax.Message}";
        }

        return compiled.RequiredModules.Count > 0
            ? $"requires the npm module{(compiled.RequiredModules.Count > 1 ? "s" : "")} {string.Join(", ", compiled.RequiredModules.Select(m => $"'{m}'"))}, which Authgate cannot load (scripts reach other systems with the global fetch)"
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_\\-@*+:]{1,127}$")]
    private static partial Regex ConfigurationKey();
}

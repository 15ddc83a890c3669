using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin.Connections;
using Authgate.Storage.Entities;

namespace Authgate.Tenants.DeployCli;

/// <summary>
/// Writes a tenant as an Auth0 Deploy CLI export — <c>tenant.yaml</c> with database scripts beside it, or the
/// directory format — which a0deploy can import into Auth0 and Authgate can seed from. As a0deploy exports:
/// clients are named instead of identified, client ids and secrets are left out (a new secret is generated and
/// reported on import), an HS256 API's signing secret and an LDAP bind password become <c>##…_SIGNING_SECRET##</c> and
/// <c>##…_BIND_PASSWORD##</c> keywords, unset tenant defaults are <c>''</c>; database connections are
/// <c>databases</c>, LDAP ones <c>connections</c>; <c>attackProtection</c> holds the three settings. Users are not part of the format.
/// </summary>
internal static class DeployCliExport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/>: YAML when it ends in .yaml or .yml, otherwise a directory.</summary>
    /// <returns>What the format could not hold, one line each.</returns>
    public static IReadOnlyList<string> Write(TenantDocument document, string path)
    {
        var assets = Assets(document);
        if (DeployCliReader.IsYaml(path))
        {
            WriteYaml(assets, path);
        }
        else
        {
            WriteDirectory(assets, path);
        }

        return document.Users.Count > 0
            ? [$"users: {document.Users.Count} user(s) not written, the Deploy CLI format has no users (export them with `authgate export` without --format)."]
            : [];
    }

    /// <summary>The export as the YAML format's resource types, scripts still inline.</summary>
    public static JsonObject Assets(TenantDocument document)
    {
        var clientNames = document.Clients
            .Where(c => c["client_id"] is not null)
            .ToDictionary(c => c["client_id"]!.ToString(), c => c["name"]?.ToString() ?? c["client_id"]!.ToString());
        string NameOf(JsonNode? id) => clientNames.GetValueOrDefault(id?.ToString() ?? "", id?.ToString() ?? "");

        var tenant = document.Tenant?.DeepClone().AsObject() ?? [];
        tenant["default_audience"] ??= "";
        tenant["default_directory"] ??= "";

        var apis = Copies(document.ResourceServers).Select(api =>
        {
            api.Remove("signing_secret");
            if (api["signing_alg"]?.ToString() == SigningAlgorithms.HS256)
            {
                api["signing_secret"] = $"##{Keyword(api["name"]?.ToString() ?? api["identifier"]?.ToString() ?? "API")}_SIGNING_SECRET##";
            }

            return api;
        });

        var clients = Copies(document.Clients).Select(client =>
        {
            client.Remove("client_id");
            client.Remove("client_secret");
            return client;
        });

        var connections = Copies(document.Connections).Select(connection =>
        {
            if (connection["enabled_clients"] is JsonArray enabled)
            {
                connection["enabled_clients"] = new JsonArray([.. enabled.Select(id => (JsonNode?)NameOf(id))]);
            }

            if (connection["options"] is JsonObject options && options.ContainsKey(LdapStrategy.BindPassword))
            {
                options[LdapStrategy.BindPassword] = $"##{Keyword(connection["name"]?.ToString() ?? "CONNECTION")}_BIND_PASSWORD##";
            }

            return connection;
        }).ToList();
        bool IsDatabase(JsonObject c) => (c["strategy"]?.ToString() ?? Strategies.Auth0) == Strategies.Auth0;

        var grants = Copies(document.ClientGrants).Select(grant =>
        {
            grant["client_id"] = NameOf(grant["client_id"]);
            return grant;
        });

        return new JsonObject
        {
            ["tenant"] = tenant,
            ["resourceServers"] = new JsonArray([.. apis]),
            ["clients"] = new JsonArray([.. clients]),
            ["databases"] = new JsonArray([.. connections.Where(IsDatabase)]),
            ["connections"] = new JsonArray([.. connections.Where(c => !IsDatabase(c))]),
            ["clientGrants"] = new JsonArray([.. grants]),
            ["attackProtection"] = document.AttackProtection?.DeepClone(),
        };
    }

    private static IEnumerable<JsonObject> Copies(IEnumerable<JsonObject> items) => items.Select(i => i.DeepClone().AsObject()).ToList();

    private static void WriteYaml(JsonObject assets, string path)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var database in Objects(assets["databases"], clone: false))
        {
            WriteScripts(database, Path.Combine(root, "databases", FileName(database["name"]?.ToString() ?? "")), $"./databases/{FileName(database["name"]?.ToString() ?? "")}/");
        }

        Directory.CreateDirectory(root);
        File.WriteAllText(path, YamlJson.Write(assets));
    }

    private static void WriteDirectory(JsonObject assets, string path)
    {
        Directory.CreateDirectory(path);
        WriteJson(Path.Combine(path, "tenant.json"), assets["tenant"]!);
        WriteEach(path, "resource-servers", assets["resourceServers"], r => r["name"]?.ToString() ?? r["identifier"]?.ToString() ?? "");
        WriteEach(path, "clients", assets["clients"], c => c["name"]?.ToString() ?? "");
        WriteEach(path, "connections", assets["connections"], c => c["name"]?.ToString() ?? "");
        WriteEach(path, "grants", assets["clientGrants"], g => $"{g["client_id"]}-{ApiName(assets, g["audience"]?.ToString() ?? "")}");
        if (assets["attackProtection"] is JsonObject protection)
        {
            var folder = Path.Combine(path, DeployCliReader.AttackProtectionFolder);
            Directory.CreateDirectory(folder);
            foreach (var (file, key) in DeployCliReader.AttackProtectionFiles)
            {
                if (protection[key] is JsonObject setting)
                {
                    WriteJson(Path.Combine(folder, file), setting);
                }
            }
        }

        foreach (var database in Objects(assets["databases"], clone: false))
        {
            var folder = Path.Combine(path, "database-connections", FileName(database["name"]?.ToString() ?? ""));
            Directory.CreateDirectory(folder);
            WriteScripts(database, folder, "./");
            WriteJson(Path.Combine(folder, "database.json"), database);
        }
    }

    /// <summary>Moves a database's inline scripts into files and points <c>options.customScripts</c> at them.</summary>
    private static void WriteScripts(JsonObject database, string folder, string reference)
    {
        if (database["options"]?["customScripts"] is not JsonObject scripts)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        foreach (var (name, script) in scripts.ToList())
        {
            if (script is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                File.WriteAllText(Path.Combine(folder, $"{FileName(name)}.js"), value.GetValue<string>());
                scripts[name] = $"{reference}{FileName(name)}.js";
            }
        }
    }

    private static void WriteEach(string root, string folder, JsonNode? items, Func<JsonObject, string> name)
    {
        var directory = Path.Combine(root, folder);
        Directory.CreateDirectory(directory);
        foreach (var item in Objects(items, clone: false))
        {
            WriteJson(Path.Combine(directory, FileName(name(item)) + ".json"), item);
        }
    }

    private static string ApiName(JsonObject assets, string audience) =>
        Objects(assets["resourceServers"], clone: false).FirstOrDefault(r => r["identifier"]?.ToString() == audience)?["name"]?.ToString() ?? audience;

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(Indented) + "\n");

    private static IEnumerable<JsonObject> Objects(JsonNode? items, bool clone = true) =>
        (items as JsonArray ?? []).OfType<JsonObject>().Select(o => clone ? o.DeepClone().AsObject() : o).ToList();

    /// <summary>A name as a file name, as a0deploy's sanitize does: characters a file system refuses become '-'.</summary>
    private static string FileName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c is '/' or '\\' or '?' or '%' or '*' or ':' or '|' or '"' or '<' or '>' || char.IsControl(c) ? '-' : c);
        }

        var result = builder.ToString().Trim().TrimEnd('.');
        return result is "" or "." or ".." ? "-" : result;
    }

    /// <summary>An API's name as a keyword: upper case letters, digits and '_'.</summary>
    private static string Keyword(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToUpperInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Tenants.DeployCli;

/// <summary>
/// Reads an Auth0 Deploy CLI export — <c>tenant.yaml</c> with its side files, or the directory format — into one JSON
/// object keyed by the YAML format's resource types (<c>tenant</c>, <c>clients</c>, <c>databases</c>, …), with keywords
/// replaced in every file and database scripts loaded from their files, as a0deploy does before it deploys.
/// Files an export names must lie inside the export's directory.
/// </summary>
internal static class DeployCliReader
{
    /// <summary>The directory format's folders for the resource types Authgate reads, and their YAML names.</summary>
    private static readonly Dictionary<string, string> Folders = new(StringComparer.Ordinal)
    {
        ["clients"] = "clients",
        ["resource-servers"] = "resourceServers",
        ["grants"] = "clientGrants",
        ["connections"] = "connections",
    };

    /// <summary>Folders of resource types a tenant file does not carry; their files are only counted, for the note.</summary>
    private static readonly Dictionary<string, string> NamedOnly = new(StringComparer.Ordinal)
    {
        ["roles"] = "roles",
        ["actions"] = "actions",
        ["triggers"] = "triggers",
        ["rules"] = "rules",
        ["rules-configs"] = "rulesConfigs",
        ["guardian"] = "guardian",
    };

    private const string DatabasesFolder = "database-connections";
    public const string AttackProtectionFolder = "attack-protection";

    /// <summary>The directory format's files of <c>attackProtection</c>, by the setting's key.</summary>
    public static readonly Dictionary<string, string> AttackProtectionFiles = new(StringComparer.Ordinal)
    {
        ["breached-password-detection.json"] = "breachedPasswordDetection",
        ["brute-force-protection.json"] = "bruteForceProtection",
        ["suspicious-ip-throttling.json"] = "suspiciousIpThrottling",
        ["bot-detection.json"] = "botDetection",
        ["captcha.json"] = "captcha",
    };

    public static bool IsYaml(string path) =>
        Path.GetExtension(path) is ".yaml" or ".yml";

    public static JsonObject ReadYaml(string path, KeywordMappings keywords, ICollection<string> notes)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var assets = YamlJson.Parse(keywords.Replace(File.ReadAllText(path)), Path.GetFileName(path));
        foreach (var database in (assets["databases"] as JsonArray ?? []).OfType<JsonObject>())
        {
            LoadScripts(database, root, root, keywords, notes);
        }

        return assets;
    }

    public static JsonObject ReadDirectory(string path, KeywordMappings keywords, ICollection<string> notes)
    {
        var root = Path.GetFullPath(path);
        var assets = new JsonObject();
        if (File.Exists(Path.Combine(root, "tenant.json")))
        {
            assets["tenant"] = Json(Path.Combine(root, "tenant.json"), root, keywords);
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (name == "tenant.json" || name.StartsWith('.'))
            {
                continue;
            }

            if (Folders.TryGetValue(name, out var type) && Directory.Exists(entry))
            {
                assets[type] = new JsonArray(JsonFiles(entry).Select(f => (JsonNode?)Json(f, root, keywords)).ToArray());
            }
            else if (name == DatabasesFolder && Directory.Exists(entry))
            {
                assets["databases"] = new JsonArray(Directory.EnumerateDirectories(entry).Order(StringComparer.Ordinal)
                    .Where(d => File.Exists(Path.Combine(d, "database.json")))
                    .Select(d => (JsonNode?)Database(d, root, keywords, notes)).ToArray());
            }
            else if (name == AttackProtectionFolder && Directory.Exists(entry))
            {
                var settings = new JsonObject();
                foreach (var (file, key) in AttackProtectionFiles.Where(f => File.Exists(Path.Combine(entry, f.Key))))
                {
                    settings[key] = Json(Path.Combine(entry, file), root, keywords);
                }

                assets["attackProtection"] = settings;
            }
            else if (NamedOnly.TryGetValue(name, out var named) && Directory.Exists(entry))
            {
                assets[named] = new JsonArray([.. Directory.EnumerateFiles(entry, "*.json", SearchOption.AllDirectories).Select(f => (JsonNode?)Path.GetFileName(f))]);
            }
            else if (!Directory.Exists(entry) || Directory.EnumerateFiles(entry, "*", SearchOption.AllDirectories).Any())
            {
                notes.Add($"{name}{(Directory.Exists(entry) ? "/" : "")}: skipped, Authgate does not serve this resource type.");
            }
        }

        return assets;
    }

    private static JsonObject Database(string folder, string root, KeywordMappings keywords, ICollection<string> notes)
    {
        var database = Json(Path.Combine(folder, "database.json"), root, keywords);
        // a0deploy also accepts the scripts beside the options rather than inside them.
        if (database["customScripts"] is JsonObject outside)
        {
            database.Remove("customScripts");
            var options = database["options"] as JsonObject ?? [];
            options["customScripts"] = outside;
            database["options"] = options;
        }

        LoadScripts(database, folder, root, keywords, notes);
        return database;
    }

    /// <summary>Replaces each <c>options.customScripts</c> file path with the script it names.</summary>
    private static void LoadScripts(JsonObject database, string baseFolder, string root, KeywordMappings keywords, ICollection<string> notes)
    {
        if (database["options"]?["customScripts"] is not JsonObject scripts)
        {
            return;
        }

        foreach (var (name, value) in scripts.ToList())
        {
            if (!DatabaseScripts.Contains(name))
            {
                notes.Add($"databases[{database["name"]}]: options.customScripts.{name} skipped, not a database script a0deploy knows.");
                scripts.Remove(name);
            }
            else if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                scripts[name] = keywords.Replace(File.ReadAllText(Inside(Path.Combine(baseFolder, v.GetValue<string>().Replace('\\', '/')), root)));
            }
        }
    }

    private static readonly HashSet<string> DatabaseScripts = new(StringComparer.Ordinal)
    {
        "login", "verify", "create", "change_password", "delete", "get_user", "change_email", "change_phone_number",
    };

    private static IEnumerable<string> JsonFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal);

    private static JsonObject Json(string path, string root, KeywordMappings keywords)
    {
        var text = keywords.Replace(File.ReadAllText(Inside(path, root)));
        if (Authgate.Json.StrictJson.FindProblem(System.Text.Encoding.UTF8.GetBytes(text)) is { } problem)
        {
            throw new TenantFileException($"{Path.GetRelativePath(root, path)}: {problem}");
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new TenantFileException($"{Path.GetRelativePath(root, path)}: must hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new TenantFileException($"{Path.GetRelativePath(root, path)}: not valid JSON: {e.Message}");
        }
    }

    /// <summary>A file the export names, refused when it resolves outside the export's directory or does not exist.</summary>
    private static string Inside(string path, string root)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new TenantFileException($"{path}: outside the export's directory ({root}); Authgate reads only files inside it.");
        }

        return File.Exists(full) ? full : throw new TenantFileException($"{Path.GetRelativePath(root, full)}: file not found.");
    }
}

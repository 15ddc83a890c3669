using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Authgate.Management;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Tenants.DeployCli;

/// <summary>
/// Turns a Deploy CLI export (read by <see cref="DeployCliReader"/>) into a <see cref="TenantFile"/>, applying the
/// rules a0deploy applies when it deploys: clients named instead of identified (grants, enabled clients),
/// unresolved placeholders left out, <c>databases</c> as <c>auth0</c> connections, session lifetimes sent in minutes.
/// Besides, as a tenant file is applied to an empty tenant: empty strings mean unset, secrets the export could not
/// carry are generated and reported once, and resource types Authgate does not serve are skipped with one line each.
/// </summary>
internal static class DeployCliImport
{
    private const string Skipped = "skipped, Authgate does not serve this resource type.";

    /// <summary>What an export may hold that Authgate's Management API serves, but a tenant file does not (yet) carry.</summary>
    private static readonly Dictionary<string, string> NotFromTenantFiles = new(StringComparer.Ordinal)
    {
        ["attackProtection"] = "PATCH /api/v2/attack-protection/*",
        ["roles"] = "/api/v2/roles",
        ["actions"] = "/api/v2/actions/actions",
        ["triggers"] = "/api/v2/actions/triggers/{trigger}/bindings",
        ["rules"] = "/api/v2/rules",
        ["rulesConfigs"] = "/api/v2/rules-configs",
    };

    /// <summary>The tenant file's sections: an export's resource type of the same name is passed on as it is.</summary>
    private static readonly HashSet<string> Sections = typeof(TenantFile).GetProperties()
        .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    private static readonly string[] SessionLifetimes = ["session_lifetime", "idle_session_lifetime", "ephemeral_session_lifetime", "idle_ephemeral_session_lifetime"];

    public static TenantSource ToTenantSource(JsonObject assets, IEnumerable<string> readerNotes)
    {
        var notes = new List<string>(readerNotes);
        var secrets = new List<GeneratedSecret>();
        var file = ToTenantJson(assets, notes, secrets);
        // YAML escapes can spell what strict JSON refuses (an unpaired surrogate): the same rule as for API bodies.
        if (Authgate.Json.StrictJson.FindProblem(JsonSerializer.SerializeToUtf8Bytes(file)) is { } problem)
        {
            throw new TenantFileException(problem);
        }

        try
        {
            var tenantFile = file.Deserialize<TenantFile>(TenantFile.JsonOptions) ?? new TenantFile();
            return new TenantSource(tenantFile, notes, secrets);
        }
        catch (JsonException e)
        {
            throw new TenantFileException(e.Path is { Length: > 2 } path ? $"{path[2..]}: not a value of the field's type." : $"not a valid tenant: {e.Message}");
        }
    }

    /// <summary>The tenant file as JSON (every field the export holds, before the tenant-file model keeps what it reads).</summary>
    public static JsonObject ToTenantJson(JsonObject assets, List<string> notes, List<GeneratedSecret> secrets)
    {
        var file = new JsonObject();
        var clients = new List<JsonObject>();

        foreach (var (type, value) in assets.OrderBy(a => Order(a.Key)))
        {
            switch (type)
            {
                case "tenant" when value is JsonObject tenant:
                    file["tenant"] = Tenant(tenant, notes);
                    break;
                case "clients":
                    clients.AddRange(Items(value, type).Select(c => Client(c, notes, secrets)).OfType<JsonObject>());
                    file["clients"] = new JsonArray([.. clients]);
                    break;
                case "resourceServers":
                    file["resourceServers"] = new JsonArray([.. Items(value, type).Select(r => ResourceServer(r, notes, secrets)).OfType<JsonObject>()]);
                    break;
                case "databases" or "connections":
                    Append(file, "connections", Items(value, type).Select(c => Connection(c, type, clients, notes)).OfType<JsonObject>());
                    break;
                case "clientGrants":
                    file["clientGrants"] = new JsonArray([.. Items(value, type).Select(g => ClientGrant(g, clients, notes))]);
                    break;
                case var _ when Sections.Contains(type):
                    file[type] = value?.DeepClone();
                    break;
                case var _ when IsEmpty(value):
                    break;
                case var _ when NotFromTenantFiles.TryGetValue(type, out var route):
                    notes.Add($"{type}: not applied from a tenant file; import it with a0deploy or through {route}.");
                    break;
                default:
                    notes.Add($"{type}: {Skipped}");
                    break;
            }
        }

        return file;
    }

    /// <summary>Clients before what names them; the rest in the export's order.</summary>
    private static int Order(string type) => type switch
    {
        "tenant" => 0,
        "resourceServers" => 1,
        "clients" => 2,
        "databases" or "connections" => 3,
        "clientGrants" => 4,
        _ => 5,
    };

    private static JsonObject Tenant(JsonObject tenant, List<string> notes)
    {
        var result = Resource(tenant, "tenant", notes);
        if (result["flags"] is JsonObject { Count: 0 })
        {
            result.Remove("flags");
        }

        // The export holds hours (fractions included); a0deploy sends whole minutes, which is what Auth0 stores.
        foreach (var name in SessionLifetimes)
        {
            if (result[name] is JsonValue hours && hours.GetValueKind() == JsonValueKind.Number)
            {
                result.Remove(name);
                result[$"{name}_in_minutes"] = (long)Math.Round(double.Parse(hours.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) * 60, MidpointRounding.AwayFromZero);
            }
        }

        return result;
    }

    private static JsonObject? Client(JsonObject client, List<string> notes, List<GeneratedSecret> secrets)
    {
        var name = client["name"]?.ToString() ?? "";
        var label = $"clients[{name}]";
        if (client["global"] is JsonValue global && global.GetValueKind() == JsonValueKind.True)
        {
            notes.Add($"{label}: skipped, the global client (All Applications) has no equivalent in Authgate.");
            return null;
        }

        var hasSecret = client["client_secret"] is JsonValue secret && secret.GetValueKind() == JsonValueKind.String
            && secret.GetValue<string>().Length > 0 && !Placeholders.IsPlaceholder(secret);
        var result = Resource(client, label, notes, keep: hasSecret ? null : "client_secret");
        result["client_id"] ??= RandomValues.ClientId();
        if (!hasSecret && IsConfidential(result))
        {
            var generated = RandomValues.Secret();
            result["client_secret"] = generated;
            secrets.Add(new GeneratedSecret($"client \"{name}\" (client_id {result["client_id"]})", "client_secret", generated));
        }

        return result;
    }

    /// <summary>Authgate's defaults for the method (as Auth0's): public for spa and native, keys when only keys are given.</summary>
    private static bool IsConfidential(JsonObject client)
    {
        var method = client["token_endpoint_auth_method"]?.ToString();
        if (method is not null)
        {
            return method is ClientAuthMethods.ClientSecretPost or ClientAuthMethods.ClientSecretBasic;
        }

        var usesKeys = client["client_authentication_methods"]?["private_key_jwt"]?["credentials"] is JsonArray { Count: > 0 };
        return !usesKeys && client["app_type"]?.ToString() is not (AppTypes.Spa or AppTypes.Native);
    }

    private static JsonObject? ResourceServer(JsonObject api, List<string> notes, List<GeneratedSecret> secrets)
    {
        var identifier = api["identifier"]?.ToString() ?? "";
        var label = $"resourceServers[{api["name"] ?? identifier}]";
        if (TenantSeeder.IsManagementAudience(identifier) || api["is_system"] is JsonValue system && system.GetValueKind() == JsonValueKind.True)
        {
            notes.Add($"{label}: skipped, Authgate's Management API is built in.");
            return null;
        }

        var hasSecret = api["signing_secret"] is JsonValue secret && secret.GetValueKind() == JsonValueKind.String
            && secret.GetValue<string>().Length > 0 && !Placeholders.IsPlaceholder(secret);
        var result = Resource(api, label, notes, keep: hasSecret ? null : "signing_secret");
        if (!hasSecret && result["signing_alg"]?.ToString() == SigningAlgorithms.HS256)
        {
            var generated = RandomValues.Secret();
            result["signing_secret"] = generated;
            secrets.Add(new GeneratedSecret($"API \"{result["name"] ?? identifier}\" ({identifier})", "signing_secret", generated));
        }

        return result;
    }

    private static JsonObject? Connection(JsonObject connection, string type, List<JsonObject> clients, List<string> notes)
    {
        var name = connection["name"]?.ToString() ?? "";
        var strategy = connection["strategy"]?.ToString() ?? (type == "databases" ? Strategies.Auth0 : "");
        if (!Strategies.Served.Contains(strategy))
        {
            notes.Add($"{type}[{name}]: skipped, Authgate does not serve {(strategy.Length == 0 ? "connections without a strategy" : $"the {strategy} strategy")}.");
            return null;
        }

        if (strategy == Strategies.Ad && connection["options"]?["ldap_url"] is null)
        {
            notes.Add($"{type}[{name}]: skipped, an Auth0 AD/LDAP connection works through Auth0's connector; Authgate's ad strategy talks LDAP itself and needs options.ldap_url (and bind_dn, user_search_base, …: see docs/LDAP.md) in the export to import it.");
            return null;
        }

        var result = Resource(connection, $"{type}[{name}]", notes);
        result["strategy"] = strategy;
        if (result["enabled_clients"] is JsonArray enabled)
        {
            result["enabled_clients"] = new JsonArray([.. enabled.Select(e => (JsonNode?)ClientIdOf(e?.ToString() ?? "", clients))]);
        }

        return result;
    }

    private static JsonObject ClientGrant(JsonObject grant, List<JsonObject> clients, List<string> notes)
    {
        var client = grant["client_id"]?.ToString() ?? "";
        var audience = grant["audience"]?.ToString() ?? "";
        var result = Resource(grant, $"clientGrants[{client} → {audience}]", notes);
        if (grant["client_id"] is not null)
        {
            result["client_id"] = ClientIdOf(client, clients);
        }

        if (TenantSeeder.IsManagementAudience(audience) && result["scope"] is JsonArray scopes)
        {
            var unknown = scopes.Select(s => s?.ToString() ?? "").Where(s => !ManagementScopes.All.Contains(s)).ToList();
            if (unknown.Count > 0)
            {
                result["scope"] = new JsonArray([.. scopes.Where(s => ManagementScopes.All.Contains(s?.ToString() ?? "")).Select(s => s?.DeepClone())]);
                notes.Add($"clientGrants[{client} → {audience}]: {unknown.Count} Management API scope(s) Authgate does not have were left out: {string.Join(", ", unknown)}.");
            }
        }

        return result;
    }

    /// <summary>a0deploy's rule: a client named so wins; otherwise the value is taken as a client id.</summary>
    private static string ClientIdOf(string nameOrId, List<JsonObject> clients) =>
        clients.FirstOrDefault(c => c["name"]?.ToString() == nameOrId)?["client_id"]?.ToString() ?? nameOrId;

    /// <summary>
    /// A copy of one exported object: top-level empty strings and nulls dropped (Auth0 exports "not set" as <c>''</c>) and
    /// unresolved placeholders left out, except <paramref name="keep"/>, which the caller handles (secrets).
    /// </summary>
    private static JsonObject Resource(JsonObject item, string label, List<string> notes, string? keep = null)
    {
        var copy = item.DeepClone().AsObject();
        if (keep is not null)
        {
            copy.Remove(keep);
        }

        foreach (var (key, value) in copy.ToList())
        {
            if (value is null || (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Length == 0))
            {
                copy.Remove(key);
            }
        }

        Placeholders.Strip(copy, label, notes);
        return copy;
    }

    private static IEnumerable<JsonObject> Items(JsonNode? value, string type) => value switch
    {
        null => [],
        JsonArray items => items.Select((item, i) => item as JsonObject ?? throw new TenantFileException($"{type}[{i}]: must be an object.")),
        _ => throw new TenantFileException($"{type}: must be a list."),
    };

    private static void Append(JsonObject file, string section, IEnumerable<JsonObject> items)
    {
        if (file[section] is not JsonArray list)
        {
            file[section] = list = [];
        }

        foreach (var item in items)
        {
            list.Add(item);
        }
    }

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        _ => false,
    };
}

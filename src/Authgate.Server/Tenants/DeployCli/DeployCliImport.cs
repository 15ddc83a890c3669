using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.AttackProtection;
using Authgate.Management;
using Authgate.Security;
using Authgate.Storage.Entities;

namespace Authgate.Tenants.DeployCli;

/// <summary>
/// Turns a Deploy CLI export (read by <see cref="DeployCliReader"/>) into a <see cref="TenantDocument"/>, doing what
/// a0deploy does before it sends an object to the Management API: <c>databases</c> become <c>auth0</c> connections,
/// unresolved placeholders are left out, the Management API and the global client are not deployed. Everything else
/// (names for ids, <c>''</c> for unset, every field's type and limit) is the admin services' business, exactly as for
/// an API body. Besides, as a tenant file is applied to an empty tenant: secrets the export could not carry are
/// generated and reported once, and resource types a tenant file does not carry are named with one line each.
/// </summary>
internal static class DeployCliImport
{
    /// <summary>Served by the Management API but not carried by a tenant file: imported with a0deploy, or through the route.</summary>
    private static readonly Dictionary<string, string> NotFromTenantFiles = new(StringComparer.Ordinal)
    {
        ["roles"] = "/api/v2/roles",
        ["actions"] = "/api/v2/actions/actions",
        ["triggers"] = "/api/v2/actions/triggers/{trigger}/bindings",
        ["rules"] = "/api/v2/rules",
        ["rulesConfigs"] = "/api/v2/rules-configs",
        ["guardianFactors"] = "/api/v2/guardian/factors/{name}",
        ["guardianPolicies"] = "/api/v2/guardian/policies",
        ["guardian"] = "/api/v2/guardian/factors/{name} and /api/v2/guardian/policies",
    };

    public static TenantSource ToTenantSource(JsonObject assets, IEnumerable<string> readerNotes)
    {
        var notes = new List<string>(readerNotes);
        var secrets = new List<GeneratedSecret>();
        var file = ToTenantJson(assets, notes, secrets);
        // Parsed as any tenant file is: YAML escapes can spell what strict JSON refuses (an unpaired surrogate).
        return new TenantSource(TenantDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(file)), notes, secrets);
    }

    /// <summary>The tenant file as JSON, one section per resource type a tenant file carries.</summary>
    public static JsonObject ToTenantJson(JsonObject assets, List<string> notes, List<GeneratedSecret> secrets)
    {
        var file = new JsonObject();
        foreach (var (type, value) in assets)
        {
            switch (type)
            {
                case TenantDocument.TenantSection when value is JsonObject tenant:
                    file[type] = Resource(tenant, type, notes);
                    break;
                case TenantDocument.ClientsSection:
                    file[type] = Section(value, type, c => Client(c, notes, secrets));
                    break;
                case TenantDocument.ResourceServersSection:
                    file[type] = Section(value, type, r => ResourceServer(r, notes, secrets));
                    break;
                case "databases" or TenantDocument.ConnectionsSection:
                    var connections = file[TenantDocument.ConnectionsSection] as JsonArray ?? [];
                    foreach (var connection in Items(value, type).Select(c => Connection(c, type, notes)).OfType<JsonObject>())
                    {
                        connections.Add(connection);
                    }

                    file[TenantDocument.ConnectionsSection] = connections;
                    break;
                case TenantDocument.ClientGrantsSection:
                    file[type] = Section(value, type, g => ClientGrant(g, notes));
                    break;
                case TenantDocument.AttackProtectionSection when value is JsonObject protection:
                    file[type] = AttackProtection(protection, notes);
                    break;
                case var _ when TenantDocument.Sections.Contains(type):
                    file[type] = value?.DeepClone();
                    break;
                case var _ when IsEmpty(value):
                    break;
                case var _ when NotFromTenantFiles.TryGetValue(type, out var route):
                    notes.Add($"{type}: not applied from a tenant file; import it with a0deploy or through {route}.");
                    break;
                default:
                    notes.Add($"{type}: skipped, Authgate does not serve this resource type.");
                    break;
            }
        }

        return file;
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

        var result = Resource(client, label, notes, secret: "client_secret");
        if (result["client_secret"] is null && IsConfidential(result))
        {
            // Generated here rather than by the client service so that it can be reported with the client's id.
            result["client_id"] ??= RandomValues.ClientId();
            var generated = RandomValues.Secret();
            result["client_secret"] = generated;
            secrets.Add(new GeneratedSecret($"client \"{name}\" (client_id {result["client_id"]})", "client_secret", generated));
        }

        return result;
    }

    /// <summary>Whether the client authenticates with its secret: Auth0's defaults (spa and native are public, keys replace the secret).</summary>
    private static bool IsConfidential(JsonObject client)
    {
        if (client["token_endpoint_auth_method"]?.ToString() is { } method)
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

        var result = Resource(api, label, notes, secret: "signing_secret");
        if (result["signing_secret"] is null && result["signing_alg"]?.ToString() == SigningAlgorithms.HS256)
        {
            var generated = RandomValues.Secret();
            result["signing_secret"] = generated;
            secrets.Add(new GeneratedSecret($"API \"{result["name"] ?? identifier}\" ({identifier})", "signing_secret", generated));
        }

        return result;
    }

    private static JsonObject? Connection(JsonObject connection, string type, List<string> notes)
    {
        var label = $"{type}[{connection["name"]}]";
        var result = Resource(connection, label, notes);
        if (type == "databases")
        {
            result["strategy"] ??= Strategies.Auth0;
        }

        if (result["strategy"]?.ToString() == Strategies.Ad && result["options"]?["ldap_url"] is null)
        {
            notes.Add($"{label}: skipped, an Auth0 AD/LDAP connection works through Auth0's connector; Authgate's ad strategy talks LDAP itself and needs options.ldap_url (and bind_dn, user_search_base, …: see docs/LDAP.md) in the export to import it.");
            return null;
        }

        return result;
    }

    /// <summary>
    /// A grant to the Management API as Auth0 exports it lists scopes of endpoints Authgate does not have, which the
    /// API would refuse; a tenant file leaves them out with a line, so that the rest of the grant still applies.
    /// </summary>
    private static JsonObject ClientGrant(JsonObject grant, List<string> notes)
    {
        var label = $"clientGrants[{grant["client_id"]} → {grant["audience"]}]";
        var result = Resource(grant, label, notes);
        if (TenantSeeder.IsManagementAudience(result["audience"]?.ToString() ?? "") && result["scope"] is JsonArray scopes)
        {
            var unknown = scopes.Select(s => s?.ToString() ?? "").Where(s => !ManagementScopes.All.Contains(s)).ToList();
            if (unknown.Count > 0)
            {
                result["scope"] = AdminJson.Array(scopes.Select(s => s?.ToString() ?? "").Where(ManagementScopes.All.Contains));
                notes.Add($"{label}: {unknown.Count} Management API scope(s) Authgate does not have were left out: {string.Join(", ", unknown)}.");
            }
        }

        return result;
    }

    /// <summary>
    /// The settings as a0deploy sends them: without the brute-force form-submission fields it strips, and without bot
    /// detection and CAPTCHA, which Authgate does not have (a line each).
    /// </summary>
    private static JsonObject AttackProtection(JsonObject protection, List<string> notes)
    {
        var result = Resource(protection, TenantDocument.AttackProtectionSection, notes);
        if (result["bruteForceProtection"] is JsonObject bruteForce)
        {
            bruteForce.Remove("form_submission_mode");
            bruteForce.Remove("form_submission_behavior");
        }

        foreach (var (key, feature) in AttackProtectionSections.Unserved)
        {
            if (result.Remove(key))
            {
                notes.Add($"{TenantDocument.AttackProtectionSection}.{key}: skipped, Authgate has no {feature}.");
            }
        }

        return result;
    }

    /// <summary>
    /// A copy of one exported object without its unresolved placeholders (a0deploy's <c>stripUnresolvedPlaceholders</c>).
    /// A <paramref name="secret"/> field that is a placeholder or empty goes silently: the caller generates it.
    /// </summary>
    private static JsonObject Resource(JsonObject item, string label, List<string> notes, string? secret = null)
    {
        var copy = item.DeepClone().AsObject();
        if (secret is not null && (Placeholders.IsPlaceholder(copy[secret]) || copy[secret] is JsonValue v && v.ToString().Length == 0))
        {
            copy.Remove(secret);
        }

        Placeholders.Strip(copy, label, notes);
        return copy;
    }

    private static JsonArray Section(JsonNode? value, string type, Func<JsonObject, JsonObject?> convert) =>
        new([.. Items(value, type).Select(convert).OfType<JsonObject>()]);

    private static IEnumerable<JsonObject> Items(JsonNode? value, string type) => value switch
    {
        null => [],
        JsonArray items => items.Select((item, i) => item as JsonObject ?? throw new TenantFileException($"{type}[{i}]: must be an object.")),
        _ => throw new TenantFileException($"{type}: must be a list."),
    };

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        _ => false,
    };
}

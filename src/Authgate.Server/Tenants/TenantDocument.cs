using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Tenants;

/// <summary>
/// A tenant file as read: each section's objects as Management API JSON, to be validated by the admin services
/// exactly as API bodies are. Sections: <c>tenant</c> (settings), <c>resourceServers</c>, <c>clients</c>,
/// <c>connections</c>, <c>users</c>, <c>clientGrants</c>, <c>attackProtection</c> (<c>bruteForceProtection</c>,
/// <c>suspiciousIpThrottling</c>, <c>breachedPasswordDetection</c>: each the body of its PATCH). Cross references may use names (a grant's
/// <c>client_id</c>, a connection's <c>enabled_clients</c>), as Auth0's Deploy CLI writes them. Other formats (a Deploy
/// CLI <c>tenant.yaml</c> or directory) become one of these before they are applied.
/// </summary>
internal sealed record TenantDocument(
    JsonObject? Tenant,
    IReadOnlyList<JsonObject> ResourceServers,
    IReadOnlyList<JsonObject> Clients,
    IReadOnlyList<JsonObject> Connections,
    IReadOnlyList<JsonObject> Users,
    IReadOnlyList<JsonObject> ClientGrants,
    JsonObject? AttackProtection = null)
{
    public const string TenantSection = "tenant";
    public const string ResourceServersSection = "resourceServers";
    public const string ClientsSection = "clients";
    public const string ConnectionsSection = "connections";
    public const string UsersSection = "users";
    public const string ClientGrantsSection = "clientGrants";
    public const string AttackProtectionSection = "attackProtection";

    /// <summary>Every section a tenant file may hold.</summary>
    public static readonly IReadOnlyList<string> Sections = [TenantSection, ResourceServersSection, ClientsSection, ConnectionsSection, UsersSection, ClientGrantsSection, AttackProtectionSection];

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    public static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a tenant file (JSON with comments and trailing commas allowed) from disk.</summary>
    public static TenantDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TenantFileException($"file not found ({Path.GetFullPath(path)}).");
        }

        return Parse(File.ReadAllBytes(path));
    }

    public static TenantDocument Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Refuses what Management API bodies refuse (<see cref="Json.StrictJson"/>): duplicate keys, unpaired surrogates, invalid UTF-8.</summary>
    public static TenantDocument Parse(byte[] json)
    {
        if (Json.StrictJson.FindProblem(StripComments(json)) is { } problem)
        {
            throw new TenantFileException(problem);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: ReadOptions);
        }
        catch (JsonException e)
        {
            throw new TenantFileException($"not valid JSON: {e.Message}");
        }

        if (root is not JsonObject file)
        {
            throw new TenantFileException("the file must hold a JSON object.");
        }

        if (file.Select(p => p.Key).FirstOrDefault(k => !Sections.Contains(k)) is { } unknown)
        {
            throw new TenantFileException($"unknown section '{unknown}' (expected {string.Join(", ", Sections)}).");
        }

        return new TenantDocument(
            Object(file, TenantSection),
            List(file, ResourceServersSection),
            List(file, ClientsSection),
            List(file, ConnectionsSection),
            List(file, UsersSection),
            List(file, ClientGrantsSection),
            Object(file, AttackProtectionSection));
    }

    /// <summary>The document of a <see cref="TenantFile"/> built in code (the demo tenant, tests).</summary>
    public static TenantDocument From(TenantFile file) => Parse(JsonSerializer.Serialize(file, TenantFile.JsonOptions));

    public string ToJson()
    {
        var root = new JsonObject();
        if (Tenant is not null)
        {
            root[TenantSection] = Tenant.DeepClone();
        }

        root[ResourceServersSection] = Array(ResourceServers);
        root[ClientsSection] = Array(Clients);
        root[ConnectionsSection] = Array(Connections);
        root[UsersSection] = Array(Users);
        root[ClientGrantsSection] = Array(ClientGrants);
        if (AttackProtection is not null)
        {
            root[AttackProtectionSection] = AttackProtection.DeepClone();
        }

        return root.ToJsonString(WriteOptions);
    }

    /// <summary>The file without comments and trailing commas, which tenant files allow and the strict reader does not.</summary>
    private static byte[] StripComments(byte[] json)
    {
        try
        {
            var node = JsonNode.Parse(json, documentOptions: ReadOptions);
            return node is null ? json : System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static JsonArray Array(IReadOnlyList<JsonObject> items) => new(items.Select(i => (JsonNode)i.DeepClone()).ToArray());

    private static JsonObject? Object(JsonObject file, string name) => file[name] switch
    {
        null => null,
        JsonObject section => section,
        _ => throw new TenantFileException($"{name}: must be an object."),
    };

    private static List<JsonObject> List(JsonObject file, string name) => file[name] switch
    {
        null => [],
        JsonArray array => array.Select((item, i) => item as JsonObject ?? throw new TenantFileException($"{name}[{i}]: must be an object.")).ToList(),
        _ => throw new TenantFileException($"{name}: must be an array."),
    };
}

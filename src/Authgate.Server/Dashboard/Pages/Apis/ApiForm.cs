using System.Text.Json.Nodes;
using Authgate.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Apis;

/// <summary>The API form's fields, shared by the create and settings pages, and the body they stand for.</summary>
internal abstract class ApiForm : DashboardPage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Identifier { get; set; }

    [BindProperty]
    public string SigningAlg { get; set; } = "RS256";

    [BindProperty]
    public string? TokenLifetime { get; set; } = "86400";

    [BindProperty]
    public bool AllowOfflineAccess { get; set; }

    [BindProperty]
    public bool EnforcePolicies { get; set; }

    [BindProperty]
    public string TokenDialect { get; set; } = "access_token";

    /// <summary>One scope per line: <c>read:things Read things</c>.</summary>
    [BindProperty]
    public string? Scopes { get; set; }

    protected override IReadOnlyCollection<string> FormFields =>
        ["name", "identifier", "signing_alg", "token_lifetime", "allow_offline_access", "enforce_policies", "token_dialect", "scopes"];

    protected JsonObject Body(bool withIdentifier)
    {
        var body = new JsonObject
        {
            ["name"] = Name ?? "",
            ["signing_alg"] = SigningAlg,
            ["token_lifetime"] = Number(TokenLifetime),
            ["allow_offline_access"] = AllowOfflineAccess,
            ["enforce_policies"] = EnforcePolicies,
            ["token_dialect"] = TokenDialect,
            ["scopes"] = new JsonArray((Scopes ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
                .Select(parts => (JsonNode)new JsonObject { ["value"] = parts[0], ["description"] = parts.Length > 1 ? parts[1] : parts[0] }).ToArray()),
        };
        if (withIdentifier)
        {
            body["identifier"] = Identifier ?? "";
        }

        return body;
    }

    protected void Fill(JsonObject api)
    {
        Name = api.String("name");
        Identifier = api.String("identifier");
        SigningAlg = api.String("signing_alg") ?? "RS256";
        TokenLifetime = api.Long("token_lifetime")?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AllowOfflineAccess = api.Bool("allow_offline_access") ?? false;
        EnforcePolicies = api.Bool("enforce_policies") ?? false;
        TokenDialect = api.String("token_dialect") ?? "access_token";
        Scopes = string.Join('\n', (api["scopes"] as JsonArray ?? []).OfType<JsonObject>().Select(s => $"{s.String("value")} {s.String("description")}".Trim()));
    }
}

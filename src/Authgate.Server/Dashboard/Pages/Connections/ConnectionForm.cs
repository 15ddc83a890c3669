using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Dashboard.Pages.Connections;

/// <summary>A database connection's form: the options Auth0's dashboard shows on its Database page, and the enabled applications.</summary>
internal abstract class ConnectionForm(AuthDbContext db) : DashboardPage
{
    public static readonly string[] Policies = ["none", "low", "fair", "good", "excellent"];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string PasswordPolicy { get; set; } = "good";

    [BindProperty]
    public bool BruteForceProtection { get; set; } = true;

    [BindProperty]
    public bool RequiresUsername { get; set; }

    [BindProperty]
    public List<string> EnabledClients { get; set; } = [];

    public IReadOnlyList<(string Id, string Name)> Clients { get; private set; } = [];

    protected override IReadOnlyCollection<string> FormFields => ["name", "options", "enabled_clients"];

    protected async Task LoadClientsAsync() =>
        Clients = (await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.ClientId, c.Name }).ToListAsync(HttpContext.RequestAborted))
            .Select(c => (c.ClientId, c.Name)).ToList();

    /// <summary>The options object with the form's fields set on top of <paramref name="current"/> (a PATCH replaces options whole).</summary>
    protected JsonObject Options(JsonObject? current)
    {
        var options = current is null ? new JsonObject() : AdminJson.Copy(current);
        options["passwordPolicy"] = PasswordPolicy;
        options["brute_force_protection"] = BruteForceProtection;
        options["requires_username"] = RequiresUsername;
        return options;
    }

    protected void Fill(JsonObject connection)
    {
        Name = connection.String("name");
        var options = connection.Obj("options") ?? [];
        PasswordPolicy = options.String("passwordPolicy") ?? "none";
        BruteForceProtection = options.Bool("brute_force_protection") ?? false;
        RequiresUsername = options.Bool("requires_username") ?? false;
        EnabledClients = connection.Strings("enabled_clients") ?? [];
    }
}

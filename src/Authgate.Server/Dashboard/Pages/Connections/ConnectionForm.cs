using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Connections;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Dashboard.Pages.Connections;

/// <summary>
/// A connection's form: for a database connection the options Auth0's dashboard shows on its Database page, for an
/// LDAP connection (<c>strategy: ad</c>) the options Authgate's LDAP client reads; and the enabled applications.
/// The bind password is write-only: the form never holds it, and a blank field keeps the stored one.
/// </summary>
internal abstract class ConnectionForm(AuthDbContext db) : DashboardPage
{
    public static readonly string[] Policies = ["none", "low", "fair", "good", "excellent"];

    /// <summary>The LDAP options the form shows, each beside its field; the rest (<c>attributes</c>, Auth0's connector options) are kept as they are.</summary>
    public static readonly string[] LdapFields = ["ldap_url", "start_tls", "tls_ca_pem", "bind_dn", LdapStrategy.BindPassword, "user_search_base", "user_search_filter", "groups_attribute", "timeout_ms", "pool_size"];

    [BindProperty]
    public string? Name { get; set; }

    /// <summary><c>auth0</c> (database) or <c>ad</c> (LDAP).</summary>
    [BindProperty(SupportsGet = true)]
    public string Strategy { get; set; } = Strategies.Auth0;

    public bool IsLdap => Strategy == Strategies.Ad;

    [BindProperty]
    public string PasswordPolicy { get; set; } = "good";

    [BindProperty]
    public bool BruteForceProtection { get; set; } = true;

    [BindProperty]
    public bool RequiresUsername { get; set; }

    [BindProperty]
    public List<string> EnabledClients { get; set; } = [];

    [BindProperty]
    public string? LdapUrl { get; set; }

    /// <summary>On by default: a plain <c>ldap://</c> bind would send the bind password in clear.</summary>
    [BindProperty]
    public bool StartTls { get; set; } = true;

    [BindProperty]
    public string? TlsCaPem { get; set; }

    [BindProperty]
    public string? BindDn { get; set; }

    /// <summary>Typed only to set or replace it; never filled from storage, never rendered.</summary>
    [BindProperty]
    public string? BindPassword { get; set; }

    /// <summary>The connection holds a bind password (so a blank field keeps it).</summary>
    public bool HasBindPassword { get; protected set; }

    [BindProperty]
    public string? UserSearchBase { get; set; }

    [BindProperty]
    public string? UserSearchFilter { get; set; }

    [BindProperty]
    public string? GroupsAttribute { get; set; }

    [BindProperty]
    public string? TimeoutMs { get; set; }

    [BindProperty]
    public string? PoolSize { get; set; }

    public IReadOnlyList<(string Id, string Name)> Clients { get; private set; } = [];

    protected override IReadOnlyCollection<string> FormFields =>
        IsLdap ? ["name", "enabled_clients", .. LdapFields.Select(f => "options." + f)] : ["name", "options", "enabled_clients"];

    protected async Task LoadClientsAsync() =>
        Clients = (await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.ClientId, c.Name }).ToListAsync(HttpContext.RequestAborted))
            .Select(c => (c.ClientId, c.Name)).ToList();

    /// <summary>The options object with the form's fields set on top of <paramref name="current"/> (a PATCH replaces options whole).</summary>
    protected JsonObject Options(JsonObject? current)
    {
        var options = current is null ? new JsonObject() : AdminJson.Copy(current);
        if (IsLdap)
        {
            SetOrRemove(options, "ldap_url", LdapUrl);
            if (LdapUrl?.Trim().StartsWith("ldaps:", StringComparison.OrdinalIgnoreCase) == true)
            {
                // ldaps:// is TLS from the start: the checkbox means nothing there, so it is not sent.
                options.Remove("start_tls");
            }
            else
            {
                options["start_tls"] = StartTls;
            }
            SetOrRemove(options, "tls_ca_pem", TlsCaPem);
            SetOrRemove(options, "bind_dn", BindDn);
            // Blank keeps the stored password (the service's rule for an update without one).
            if (string.IsNullOrEmpty(BindPassword))
            {
                options.Remove(LdapStrategy.BindPassword);
            }
            else
            {
                options[LdapStrategy.BindPassword] = BindPassword;
            }

            SetOrRemove(options, "user_search_base", UserSearchBase);
            SetOrRemove(options, "user_search_filter", UserSearchFilter);
            SetOrRemove(options, "groups_attribute", GroupsAttribute);
            options["timeout_ms"] = Number(TimeoutMs);
            options["pool_size"] = Number(PoolSize);
            foreach (var unset in new[] { "timeout_ms", "pool_size" }.Where(k => options[k] is null))
            {
                options.Remove(unset);
            }

            return options;
        }

        options["passwordPolicy"] = PasswordPolicy;
        options["brute_force_protection"] = BruteForceProtection;
        options["requires_username"] = RequiresUsername;
        return options;
    }

    /// <summary>Whether the connection holds a bind password: only that, never the password, reaches the page.</summary>
    protected async Task LoadPasswordStateAsync(string id) =>
        HasBindPassword = await db.Connections.AsNoTracking().AnyAsync(c => c.Id == id && c.SecretProtected != null, HttpContext.RequestAborted);

    protected void Fill(JsonObject connection)
    {
        Name = connection.String("name");
        Strategy = connection.String("strategy") ?? Strategies.Auth0;
        var options = connection.Obj("options") ?? [];
        PasswordPolicy = options.String("passwordPolicy") ?? "none";
        BruteForceProtection = options.Bool("brute_force_protection") ?? false;
        RequiresUsername = options.Bool("requires_username") ?? false;
        EnabledClients = connection.Strings("enabled_clients") ?? [];
        LdapUrl = options.String("ldap_url");
        StartTls = options.Bool("start_tls") ?? true;
        TlsCaPem = options.String("tls_ca_pem");
        BindDn = options.String("bind_dn");
        BindPassword = null;
        UserSearchBase = options.String("user_search_base");
        UserSearchFilter = options.String("user_search_filter");
        GroupsAttribute = options.String("groups_attribute");
        TimeoutMs = options["timeout_ms"]?.ToJsonString();
        PoolSize = options["pool_size"]?.ToJsonString();
    }

    private static void SetOrRemove(JsonObject options, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            options.Remove(key);
        }
        else
        {
            options[key] = value.Trim();
        }
    }
}

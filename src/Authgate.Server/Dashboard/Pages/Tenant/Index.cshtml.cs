using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Tenant;
using Authgate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Dashboard.Pages.Tenant;

/// <summary>Tenant Settings › API Authorization Settings: the default directory and the default audience, through <see cref="TenantSettingsService"/>.</summary>
internal sealed class IndexModel(TenantSettingsService tenant, AuthDbContext db) : DashboardPage
{
    [BindProperty]
    public string? DefaultDirectory { get; set; }

    [BindProperty]
    public string? DefaultAudience { get; set; }

    public IReadOnlyList<string> Connections { get; private set; } = [];

    public IReadOnlyList<string> Apis { get; private set; } = [];

    protected override IReadOnlyCollection<string> FormFields => ["default_directory", "default_audience"];

    public async Task OnGetAsync()
    {
        await LoadAsync();
        var settings = await tenant.GetAsync(HttpContext.RequestAborted);
        DefaultDirectory = settings.String("default_directory");
        DefaultAudience = settings.String("default_audience");
    }

    [Audited("Update tenant settings")]
    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        var patch = new JsonObject { ["default_directory"] = DefaultDirectory ?? "", ["default_audience"] = DefaultAudience ?? "" };
        if (!(await tenant.UpdateAsync(patch, HttpContext.RequestAborted)).TryGet(out _, out var error))
        {
            return Refused(error);
        }

        Notice = "Tenant settings saved.";
        return Page();
    }

    private async Task LoadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        Connections = await db.Connections.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(cancellationToken);
        Apis = await db.ResourceServers.AsNoTracking().OrderBy(r => r.Identifier).Select(r => r.Identifier).ToListAsync(cancellationToken);
    }
}

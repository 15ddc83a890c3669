using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.ClientGrants;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Grants;

internal sealed class SettingsModel(ClientGrantService grants) : GrantForm
{
    [FromRoute]
    public string Id { get; set; } = "";

    public JsonObject? Grant { get; private set; }

    protected override IReadOnlyCollection<string> FormFields => ["scope"];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(fill: true) ? Page() : NotFound();

    [Audited("Update client grant")]
    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!await LoadAsync(fill: false))
        {
            return NotFound();
        }

        if (!(await grants.UpdateAsync(Id, new JsonObject { ["scope"] = Lines(Scopes) }, HttpContext.RequestAborted)).TryGet(out var grant, out var error))
        {
            return RefusedGrant(error);
        }

        Grant = grant;
        Scopes = Lines(grant.Strings("scope"));
        Notice = "Changes saved.";
        return Page();
    }

    [Audited("Delete client grant")]
    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await grants.DeleteAsync(Id, HttpContext.RequestAborted) is { } error)
        {
            return error.Status == 404 ? NotFound() : Refused(error);
        }

        return Redirect(Href("grants"));
    }

    private async Task<bool> LoadAsync(bool fill)
    {
        if (!(await grants.GetAsync(Id, HttpContext.RequestAborted)).TryGet(out var grant, out _))
        {
            return false;
        }

        Grant = grant;
        if (fill)
        {
            Scopes = Lines(grant.Strings("scope"));
        }

        return true;
    }
}

using Authgate.Admin.ResourceServers;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Apis;

internal sealed class SettingsModel(ResourceServerService apis) : ApiForm
{
    [FromRoute]
    public string Id { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await apis.GetAsync(Id, HttpContext.RequestAborted)).TryGet(out var api, out _))
        {
            return NotFound();
        }

        Fill(api);
        return Page();
    }

    [Audited("Update a resource server")]
    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!(await apis.UpdateAsync(Id, Body(withIdentifier: false), HttpContext.RequestAborted)).TryGet(out var api, out var error))
        {
            return error.Status == 404 ? NotFound() : Refused(error);
        }

        Fill(api);
        Notice = "Changes saved.";
        return Page();
    }

    [Audited("Delete a resource server")]
    public async Task<IActionResult> OnPostDeleteAsync() =>
        await apis.DeleteAsync(Id, HttpContext.RequestAborted) is { } error ? Refused(error) : Redirect(Href("apis"));
}

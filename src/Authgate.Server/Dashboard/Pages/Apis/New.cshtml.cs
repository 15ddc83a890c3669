using Authgate.Admin;
using Authgate.Admin.ResourceServers;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Apis;

internal sealed class NewModel(ResourceServerService apis) : ApiForm
{
    public void OnGet()
    {
    }

    [Audited("Create a resource server")]
    public async Task<IActionResult> OnPostAsync() =>
        (await apis.CreateAsync(Body(withIdentifier: true), HttpContext.RequestAborted)).TryGet(out var created, out var error)
            ? Redirect(Href("apis/settings/" + Escape(created.String("id")!)))
            : Refused(error);
}

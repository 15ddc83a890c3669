using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Clients;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Applications;

internal sealed class NewModel(ClientService clients) : DashboardPage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string AppType { get; set; } = "regular_web";

    [BindProperty]
    public string? Callbacks { get; set; }

    [BindProperty]
    public List<string> GrantTypes { get; set; } = [OAuth.GrantTypes.Password, OAuth.GrantTypes.RefreshToken];

    protected override IReadOnlyCollection<string> FormFields => ["name", "app_type", "callbacks", "grant_types"];

    public void OnGet()
    {
    }

    [Audited("Create a client")]
    public async Task<IActionResult> OnPostAsync()
    {
        var body = new JsonObject
        {
            ["name"] = Name ?? "",
            ["app_type"] = AppType,
            ["callbacks"] = Lines(Callbacks),
            ["grant_types"] = AdminJson.Array(GrantTypes),
        };
        if (!(await clients.CreateAsync(body, HttpContext.RequestAborted)).TryGet(out var created, out var error))
        {
            return Refused(error);
        }

        return Redirect(Href("applications/settings/" + Escape(created.String("client_id")!) + "?created=true"));
    }
}

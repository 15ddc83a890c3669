using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Clients;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Applications;

/// <summary>An application's settings, its secret (revealed or rotated on request) and its deletion, all through <see cref="ClientService"/>.</summary>
internal sealed class SettingsModel(ClientService clients) : DashboardPage
{
    [FromRoute]
    public string Id { get; set; } = "";

    public JsonObject? App { get; private set; }

    public string? Secret { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? AppType { get; set; }

    [BindProperty]
    public string? Callbacks { get; set; }

    [BindProperty]
    public List<string> GrantTypes { get; set; } = [];

    [BindProperty]
    public string? AuthMethod { get; set; }

    [BindProperty]
    public string? Rotation { get; set; }

    [BindProperty]
    public string? Expiration { get; set; }

    [BindProperty]
    public bool TrustIpHeader { get; set; }

    protected override IReadOnlyCollection<string> FormFields => ["name", "app_type", "callbacks", "grant_types", "token_endpoint_auth_method", "refresh_token", "is_token_endpoint_ip_header_trusted"];

    public async Task<IActionResult> OnGetAsync(bool created = false)
    {
        if (!await LoadAsync(includeSecret: created, fillForm: true))
        {
            return NotFound();
        }

        Notice = created ? "Application created. Its client secret is shown below once; reveal it again at any time." : null;
        return Page();
    }

    [Audited("Reveal a client secret")]
    public async Task<IActionResult> OnPostRevealAsync() => await LoadAsync(includeSecret: true, fillForm: true) ? Page() : NotFound();

    [Audited("Rotate a client secret")]
    public async Task<IActionResult> OnPostRotateAsync()
    {
        if (!(await clients.RotateSecretAsync(Id, HttpContext.RequestAborted)).TryGet(out var rotated, out var error))
        {
            return error.Status == 404 ? NotFound() : Refused(error);
        }

        await LoadAsync(includeSecret: false, fillForm: true);
        Secret = rotated.String("client_secret");
        Notice = "Secret rotated: the previous one no longer works.";
        return Page();
    }

    [Audited("Update a client")]
    public async Task<IActionResult> OnPostSaveAsync()
    {
        var patch = new JsonObject
        {
            ["name"] = Name ?? "",
            ["app_type"] = AppType,
            ["callbacks"] = Lines(Callbacks),
            ["grant_types"] = AdminJson.Array(GrantTypes),
            ["token_endpoint_auth_method"] = AuthMethod,
            ["is_token_endpoint_ip_header_trusted"] = TrustIpHeader,
            ["refresh_token"] = new JsonObject { ["rotation_type"] = Rotation, ["expiration_type"] = Expiration },
        };
        var result = await clients.UpdateAsync(Id, patch, includeSecret: false, HttpContext.RequestAborted);
        if (!result.TryGet(out _, out var error))
        {
            if (error.Status == 404)
            {
                return NotFound();
            }

            await LoadAsync(includeSecret: false, fillForm: false);
            return Refused(error);
        }

        await LoadAsync(includeSecret: false, fillForm: true);
        Notice = "Changes saved.";
        return Page();
    }

    [Audited("Delete a client")]
    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await clients.DeleteAsync(Id, HttpContext.RequestAborted) is { } error)
        {
            await LoadAsync(includeSecret: false, fillForm: true);
            return Refused(error);
        }

        return Redirect(Href("applications"));
    }

    private async Task<bool> LoadAsync(bool includeSecret, bool fillForm)
    {
        if (!(await clients.GetAsync(Id, includeSecret, HttpContext.RequestAborted)).TryGet(out var app, out _))
        {
            return false;
        }

        App = app;
        Secret = includeSecret ? app.String("client_secret") : null;
        if (fillForm)
        {
            Name = app.String("name");
            AppType = app.String("app_type");
            Callbacks = Lines(app.Strings("callbacks"));
            GrantTypes = app.Strings("grant_types") ?? [];
            AuthMethod = app.String("token_endpoint_auth_method");
            TrustIpHeader = app.Bool("is_token_endpoint_ip_header_trusted") ?? false;
            Rotation = app.Obj("refresh_token")?.String("rotation_type") ?? "non-rotating";
            Expiration = app.Obj("refresh_token")?.String("expiration_type") ?? "non-expiring";
        }

        return true;
    }
}

using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Clients;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Applications;

/// <summary>
/// An application's settings, its secret (revealed or rotated on request), its <c>private_key_jwt</c> credentials and
/// its deletion, all through <see cref="ClientService"/>.
/// </summary>
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

    /// <summary>The public keys the application may sign <c>private_key_jwt</c> assertions with (no PEM: only what the API lists).</summary>
    public IReadOnlyList<JsonObject> Credentials { get; private set; } = [];

    [BindProperty]
    public string? CredentialName { get; set; }

    [BindProperty]
    public string? CredentialPem { get; set; }

    [BindProperty]
    public string CredentialAlg { get; set; } = "RS256";

    [BindProperty]
    public string? CredentialId { get; set; }

    public static readonly string[] AuthMethods = ["client_secret_post", "client_secret_basic", "none", PrivateKeyJwt];

    public static readonly string[] CredentialAlgs = ["RS256", "RS384", "PS256"];

    private const string PrivateKeyJwt = "private_key_jwt";

    /// <summary>The credential form's fields, under <c>credential</c> so they never meet the settings form's <c>name</c>.</summary>
    private const string CredentialForm = "credential";

    protected override IReadOnlyCollection<string> FormFields =>
        ["name", "app_type", "callbacks", "grant_types", "token_endpoint_auth_method", "client_authentication_methods", "refresh_token", "is_token_endpoint_ip_header_trusted",
            "credential.name", "credential.pem", "credential.alg"];

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
            ["is_token_endpoint_ip_header_trusted"] = TrustIpHeader,
            ["refresh_token"] = new JsonObject { ["rotation_type"] = Rotation, ["expiration_type"] = Expiration },
        };
        if (AuthMethod == PrivateKeyJwt)
        {
            // As in Auth0's dashboard: the method is "the application's credentials", given by id; the service knows the ids.
            if (!(await clients.ListCredentialsAsync(Id, HttpContext.RequestAborted)).TryGet(out var keys, out var missing))
            {
                return missing.Status == 404 ? NotFound() : Refused(missing);
            }

            if (keys.Count == 0)
            {
                // An empty list would switch the keys off at the service (its meaning in the API): say what to do instead.
                await LoadAsync(includeSecret: false, fillForm: false);
                return RefusedAt("token_endpoint_auth_method", "Add a public key credential below first: private_key_jwt needs at least one.");
            }

            var ids = keys.OfType<JsonObject>().Select(k => (JsonNode)new JsonObject { ["id"] = k.String("id") }).ToArray();
            patch["client_authentication_methods"] = new JsonObject { [PrivateKeyJwt] = new JsonObject { ["credentials"] = new JsonArray(ids) } };
        }
        else
        {
            patch["token_endpoint_auth_method"] = AuthMethod;
        }

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

    [Audited("Create a client credential")]
    public async Task<IActionResult> OnPostAddCredentialAsync()
    {
        var body = new JsonObject { ["credential_type"] = "public_key", ["pem"] = CredentialPem ?? "", ["alg"] = CredentialAlg };
        if (!string.IsNullOrWhiteSpace(CredentialName))
        {
            body["name"] = CredentialName.Trim();
        }

        var result = await clients.CreateCredentialAsync(Id, body, HttpContext.RequestAborted);
        if (!result.TryGet(out var created, out var error))
        {
            if (error.Status == 404)
            {
                return NotFound();
            }

            await LoadAsync(includeSecret: false, fillForm: true);
            return Refused(error, CredentialForm);
        }

        await LoadAsync(includeSecret: false, fillForm: true);
        (CredentialName, CredentialPem) = (null, null);
        Notice = $"Credential {created.String("id")} added. Choose private_key_jwt as the authentication method to use it.";
        return Page();
    }

    [Audited("Delete a client credential")]
    public async Task<IActionResult> OnPostRemoveCredentialAsync()
    {
        var error = await clients.DeleteCredentialAsync(Id, CredentialId ?? "", HttpContext.RequestAborted);
        if (!await LoadAsync(includeSecret: false, fillForm: true))
        {
            return NotFound();
        }

        if (error is not null)
        {
            return Refused(error);
        }

        Notice = "Credential removed.";
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
        Credentials = (await clients.ListCredentialsAsync(Id, HttpContext.RequestAborted)).Value?.OfType<JsonObject>().ToList() ?? [];
        if (fillForm)
        {
            Name = app.String("name");
            AppType = app.String("app_type");
            Callbacks = Lines(app.Strings("callbacks"));
            GrantTypes = app.Strings("grant_types") ?? [];
            // A key-authenticated client has no secret method (null), as at Auth0.
            AuthMethod = app.String("token_endpoint_auth_method") ?? (app.Obj("client_authentication_methods")?.Obj(PrivateKeyJwt) is null ? null : PrivateKeyJwt);
            TrustIpHeader = app.Bool("is_token_endpoint_ip_header_trusted") ?? false;
            Rotation = app.Obj("refresh_token")?.String("rotation_type") ?? "non-rotating";
            Expiration = app.Obj("refresh_token")?.String("expiration_type") ?? "non-expiring";
        }

        return true;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Schemas;
using Authgate.Admin.Users;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Users;

/// <summary>A user's profile, block and unblock, password and metadata, all as <c>PATCH</c> bodies to <see cref="UserService"/>.</summary>
internal sealed class SettingsModel(UserService users) : DashboardPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [FromRoute]
    public string Id { get; set; } = "";

    public new JsonObject? User { get; private set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? UserMetadata { get; set; }

    [BindProperty]
    public string? AppMetadata { get; set; }

    protected override IReadOnlyCollection<string> FormFields => ["password", "user_metadata", "app_metadata"];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(fill: true) ? Page() : NotFound();

    [Audited("Update a User")]
    public Task<IActionResult> OnPostBlockAsync() => PatchAsync(new JsonObject { ["blocked"] = true }, "User blocked.");

    [Audited("Update a User")]
    public Task<IActionResult> OnPostUnblockAsync() => PatchAsync(new JsonObject { ["blocked"] = false }, "User unblocked.");

    [Audited("Update a User")]
    public async Task<IActionResult> OnPostPasswordAsync()
    {
        if (!await LoadAsync(fill: true))
        {
            return NotFound();
        }

        // The password is changed in the user's own connection, as Auth0's PATCH requires it to be named.
        var connection = (User!["identities"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?.String("connection");
        return await PatchAsync(new JsonObject { ["password"] = Password ?? "", ["connection"] = connection }, "Password set.");
    }

    [Audited("Update a User")]
    public async Task<IActionResult> OnPostMetadataAsync()
    {
        var errors = new List<Authgate.Admin.Schemas.FieldError>();
        var patch = new JsonObject
        {
            ["user_metadata"] = Parse(UserMetadata, "user_metadata", errors),
            ["app_metadata"] = Parse(AppMetadata, "app_metadata", errors),
        };
        if (errors.Count > 0)
        {
            await LoadAsync(fill: false);
            return Refused(AdminError.Invalid(errors));
        }

        return await PatchAsync(patch, "Metadata saved.", fill: false);
    }

    [Audited("Delete a User")]
    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await users.DeleteAsync(Id, HttpContext.RequestAborted) is { } error)
        {
            await LoadAsync(fill: true);
            return Refused(error);
        }

        return Redirect(Href("users"));
    }

    private async Task<IActionResult> PatchAsync(JsonObject patch, string notice, bool fill = true)
    {
        if (!(await users.UpdateAsync(Id, patch, UserUpdateReach.Everything, HttpContext.RequestAborted)).TryGet(out _, out var error))
        {
            if (error.Status == 404)
            {
                return NotFound();
            }

            await LoadAsync(fill: false);
            return Refused(error);
        }

        await LoadAsync(fill: true);
        Notice = notice;
        Password = null;
        return Page();
    }

    private static JsonNode? Parse(string? text, string field, List<Authgate.Admin.Schemas.FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            errors.Add(Authgate.Admin.Schemas.FieldError.At(field, "Not valid JSON: " + e.Message));
            return null;
        }
    }

    private async Task<bool> LoadAsync(bool fill)
    {
        if (!(await users.GetAsync(Id, HttpContext.RequestAborted)).TryGet(out var user, out _))
        {
            return false;
        }

        User = user;
        if (fill)
        {
            UserMetadata = (user["user_metadata"] ?? new JsonObject()).ToJsonString(Indented);
            AppMetadata = (user["app_metadata"] ?? new JsonObject()).ToJsonString(Indented);
        }

        return true;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Guardian;
using Authgate.Admin.Lists;
using Authgate.Admin.Roles;
using Authgate.Admin.Schemas;
using Authgate.Admin.Users;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Users;

/// <summary>A user's profile, block and unblock, password and metadata, all as <c>PATCH</c> bodies to <see cref="UserService"/>.</summary>
internal sealed class SettingsModel(UserService users, EnrollmentService enrollments, UserBlockService blocks, UserRoleService userRoles, RoleService roles) : DashboardPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [FromRoute]
    public string Id { get; set; } = "";

    public new JsonObject? User { get; private set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? EnrollmentId { get; set; }

    [BindProperty]
    public string? RoleId { get; set; }

    /// <summary>The user's MFA enrolments (<c>GET /users/{id}/enrollments</c>).</summary>
    public IReadOnlyList<JsonObject> Enrollments { get; private set; } = [];

    /// <summary>The brute-force blocks on the user's identifiers (<c>GET /user-blocks/{id}</c>).</summary>
    public IReadOnlyList<JsonObject> Blocks { get; private set; } = [];

    public IReadOnlyList<JsonObject> Roles { get; private set; } = [];

    /// <summary>The tenant's roles the user does not have yet.</summary>
    public IReadOnlyList<JsonObject> OtherRoles { get; private set; } = [];

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

    [Audited("Delete a user's MFA enrollment")]
    public async Task<IActionResult> OnPostDeleteEnrollmentAsync()
    {
        // Only this user's enrolments: an id typed for another user is refused as unknown.
        var owner = await enrollments.GetAsync(EnrollmentId ?? "", HttpContext.RequestAborted) is { } found && await BelongsAsync(found)
            ? await enrollments.DeleteAsync(EnrollmentId!, HttpContext.RequestAborted)
            : null;
        return await AfterAsync(owner is null ? EnrollmentService.EnrollmentNotFound() : null, "MFA enrolment deleted.");
    }

    [Audited("Unblock a user")]
    public async Task<IActionResult> OnPostLiftBlocksAsync()
    {
        var error = await blocks.LiftForUserAsync(Id, clientId: null, HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        if (error is not null)
        {
            return NotFound();
        }

        return await AfterAsync(null, "Brute-force blocks lifted.");
    }

    [Audited("Assign roles to a user")]
    public async Task<IActionResult> OnPostAssignRoleAsync() =>
        await AfterAsync(await userRoles.AssignRolesAsync(Id, new RoleBodies.Roles { Items = [RoleId ?? ""] }, HttpContext.RequestAborted), "Role assigned.");

    [Audited("Remove roles from a user")]
    public async Task<IActionResult> OnPostRemoveRoleAsync() =>
        await AfterAsync(await userRoles.RemoveRolesAsync(Id, new RoleBodies.Roles { Items = [RoleId ?? ""] }, HttpContext.RequestAborted), "Role removed.");

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

    private async Task<IActionResult> AfterAsync(AdminError? error, string notice)
    {
        if (!await LoadAsync(fill: true))
        {
            return NotFound();
        }

        if (error is not null)
        {
            return Refused(error);
        }

        Notice = notice;
        return Page();
    }

    private async Task<bool> BelongsAsync(JsonObject enrollment) =>
        (await enrollments.ForUserAsync(Id, HttpContext.RequestAborted) ?? []).OfType<JsonObject>().Any(e => e.String("id") == enrollment.String("id"));

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
        var cancellationToken = HttpContext.RequestAborted;
        Enrollments = (await enrollments.ForUserAsync(Id, cancellationToken) ?? []).OfType<JsonObject>().ToList();
        Blocks = (await blocks.ForUserAsync(Id, cancellationToken)).TryGet(out var found, out _)
            ? (found["blocked_for"] as JsonArray ?? []).OfType<JsonObject>().ToList()
            : [];
        var all = ListQuery.Default with { PerPage = ListQuery.MaxPerPage };
        Roles = (await userRoles.RolesAsync(Id, all, cancellationToken)).Roles;
        var assigned = Roles.Select(r => r.String("id")).ToHashSet();
        OtherRoles = (await roles.ListAsync(all, null, cancellationToken)).Roles.Where(r => !assigned.Contains(r.String("id"))).ToList();
        if (fill)
        {
            UserMetadata = (user["user_metadata"] ?? new JsonObject()).ToJsonString(Indented);
            AppMetadata = (user["app_metadata"] ?? new JsonObject()).ToJsonString(Indented);
        }

        return true;
    }
}

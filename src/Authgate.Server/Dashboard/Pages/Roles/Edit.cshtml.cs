using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Lists;
using Authgate.Admin.ResourceServers;
using Authgate.Admin.Roles;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Roles;

/// <summary>A role: its name and description, its permissions (added from the APIs' scopes, removed one by one) and its deletion, through <see cref="RoleService"/>.</summary>
internal sealed class EditModel(RoleService roles, ResourceServerService apis) : DashboardPage
{
    [FromRoute]
    public string Id { get; set; } = "";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>An API's identifier and one of its scopes, separated by a space (neither holds one).</summary>
    [BindProperty]
    public string? Permission { get; set; }

    public IReadOnlyList<JsonObject> Permissions { get; private set; } = [];

    /// <summary>Each API with the scopes the role does not have yet.</summary>
    public IReadOnlyList<(string Identifier, string Name, IReadOnlyList<string> Scopes)> Choices { get; private set; } = [];

    protected override IReadOnlyCollection<string> FormFields => ["name", "description", "permission"];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(fill: true) ? Page() : NotFound();

    [Audited("Update a role")]
    public async Task<IActionResult> OnPostSaveAsync()
    {
        var (role, error) = await roles.UpdateAsync(Id, new RoleBodies.Role { Name = Name ?? "", Description = Description ?? "" }, HttpContext.RequestAborted);
        if (!await LoadAsync(fill: role is not null))
        {
            return NotFound();
        }

        if (role is null)
        {
            return RefusedBeside(error!, "name");
        }

        Notice = "Changes saved.";
        return Page();
    }

    [Audited("Associate permissions with a role")]
    public async Task<IActionResult> OnPostAddPermissionAsync()
    {
        var error = await roles.AddPermissionsAsync(Id, Body(), HttpContext.RequestAborted);
        return await AfterAsync(error, "Permission added.");
    }

    [Audited("Remove permissions from a role")]
    public async Task<IActionResult> OnPostRemovePermissionAsync()
    {
        var error = await roles.RemovePermissionsAsync(Id, Body(), HttpContext.RequestAborted);
        return await AfterAsync(error, "Permission removed.");
    }

    [Audited("Delete a role")]
    public async Task<IActionResult> OnPostDeleteAsync() =>
        await roles.DeleteAsync(Id, HttpContext.RequestAborted) ? Redirect(Href("roles")) : NotFound();

    private RoleBodies.Permissions Body()
    {
        var parts = (Permission ?? "").Split(' ', 2, StringSplitOptions.TrimEntries);
        return new RoleBodies.Permissions
        {
            Items = [new RoleBodies.Permission { ResourceServerIdentifier = parts[0], PermissionName = parts.Length > 1 ? parts[1] : null }],
        };
    }

    private async Task<IActionResult> AfterAsync(AdminError? error, string notice)
    {
        if (!await LoadAsync(fill: true))
        {
            return NotFound();
        }

        if (error is not null)
        {
            return RefusedBeside(error, "permission");
        }

        Notice = notice;
        Permission = null;
        return Page();
    }

    private async Task<bool> LoadAsync(bool fill)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (await roles.FindAsync(Id, cancellationToken) is not { } role)
        {
            return false;
        }

        if (fill)
        {
            (Name, Description) = (role.Name, role.Description);
        }

        var all = ListQuery.Default with { PerPage = ListQuery.MaxPerPage };
        Permissions = (await roles.PermissionsAsync(Id, all, cancellationToken)).Permissions;
        var held = Permissions.Select(p => (p.String("resource_server_identifier"), p.String("permission_name"))).ToHashSet();
        Choices = (await apis.ListAsync(all, [], cancellationToken)).Value?.Items
            .Select(api => (
                Identifier: api.String("identifier") ?? "",
                Name: api.String("name") ?? "",
                Scopes: (IReadOnlyList<string>)(api["scopes"] as JsonArray ?? []).OfType<JsonObject>().Select(s => s.String("value") ?? "")
                    .Where(s => !held.Contains((api.String("identifier"), s))).ToList()))
            .Where(api => api.Scopes.Count > 0)
            .ToList() ?? [];
        return true;
    }
}

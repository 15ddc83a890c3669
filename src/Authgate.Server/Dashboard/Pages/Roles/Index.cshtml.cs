using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Lists;
using Authgate.Admin.Roles;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Roles;

/// <summary>User Management › Roles: the tenant's roles and a new one, through <see cref="RoleService"/> (as <c>/api/v2/roles</c>).</summary>
internal sealed class IndexModel(RoleService roles) : DashboardPage
{
    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    protected override IReadOnlyCollection<string> FormFields => ["name", "description"];

    public async Task OnGetAsync() => await LoadAsync();

    [Audited("Create a role")]
    public async Task<IActionResult> OnPostCreateAsync()
    {
        var (role, error) = await roles.CreateAsync(new RoleBodies.Role { Name = Name ?? "", Description = string.IsNullOrEmpty(Description) ? null : Description }, HttpContext.RequestAborted);
        if (role is null)
        {
            await LoadAsync();
            return RefusedBeside(error!, "name");
        }

        return Redirect(Href("roles/edit/" + Escape(role.Id)));
    }

    private async Task LoadAsync() =>
        Items = (await roles.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, null, HttpContext.RequestAborted)).Roles;
}

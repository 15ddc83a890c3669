using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Roles;

namespace Authgate.Management;

/// <summary><c>/api/v2/roles</c>: roles, their permissions and their users. Thin: <see cref="RoleService"/> validates and writes.</summary>
internal static class RolesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/roles", ListAsync).Scopes("read:roles");
        api.MapPost("/roles", CreateAsync).Scopes("create:roles").Audited("Create a role");
        api.MapGet("/roles/{id}", GetAsync).Scopes("read:roles");
        api.MapPatch("/roles/{id}", UpdateAsync).Scopes("update:roles").Audited("Update a role");
        api.MapDelete("/roles/{id}", DeleteAsync).Scopes("delete:roles").Audited("Delete a role");
        api.MapGet("/roles/{id}/permissions", PermissionsAsync).Scopes("read:roles");
        api.MapPost("/roles/{id}/permissions", AddPermissionsAsync).Scopes("update:roles").Audited("Associate permissions with a role");
        api.MapDelete("/roles/{id}/permissions", RemovePermissionsAsync).Scopes("update:roles").Audited("Remove permissions from a role");
        api.MapGet("/roles/{id}/users", UsersAsync).Scopes("read:roles", "read:role_members");
        api.MapPost("/roles/{id}/users", AssignUsersAsync).Scopes("update:roles", "create:role_members").Audited("Assign users to a role");
    }

    private static async Task<IResult> ListAsync(HttpContext http, RoleService roles)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        var (items, total) = await roles.ListAsync(paging, http.Request.Query["name_filter"].ToString(), http.RequestAborted);
        return ManagementResults.Json(new ListPage(items, paging, total, null).ToJson("roles"));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RoleService roles)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Role>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        // Auth0 answers 200 here, not 201.
        return (await roles.CreateAsync(body, http.RequestAborted)).TryGet(out var role, out var refused)
            ? ManagementResults.Json(RoleService.View(role))
            : ManagementResults.Error(refused);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, RoleService roles) =>
        await roles.FindAsync(id, http.RequestAborted) is { } role
            ? ManagementResults.Json(RoleService.View(role))
            : ManagementResults.Error(RoleService.RoleNotFound());

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, RoleService roles)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Role>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return (await roles.UpdateAsync(id, body, http.RequestAborted)).TryGet(out var role, out var refused)
            ? ManagementResults.Json(RoleService.View(role))
            : ManagementResults.Error(refused);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, RoleService roles) =>
        await roles.DeleteAsync(id, http.RequestAborted)
            ? ManagementResults.Json(new JsonObject())
            : ManagementResults.Error(RoleService.RoleNotFound());

    private static async Task<IResult> PermissionsAsync(string id, HttpContext http, RoleService roles)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        if (await roles.FindAsync(id, http.RequestAborted) is null)
        {
            return ManagementResults.Error(RoleService.RoleNotFound());
        }

        var (items, total) = await roles.PermissionsAsync(id, paging, http.RequestAborted);
        return ManagementResults.Json(new ListPage(items, paging, total, null).ToJson("permissions"));
    }

    private static async Task<IResult> AddPermissionsAsync(string id, HttpContext http, RoleService roles)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Permissions>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        var refused = await roles.AddPermissionsAsync(id, body, http.RequestAborted);
        return refused is null ? ManagementResults.Json(new JsonObject(), 201) : ManagementResults.Error(refused);
    }

    private static async Task<IResult> RemovePermissionsAsync(string id, HttpContext http, RoleService roles)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Permissions>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        var refused = await roles.RemovePermissionsAsync(id, body, http.RequestAborted);
        return refused is null ? ManagementResults.Json(new JsonObject()) : ManagementResults.Error(refused);
    }

    /// <summary>
    /// Offset paging (<c>page</c>, <c>per_page</c>, <c>include_totals</c>) or, as node-auth0 v5+ sends, a checkpoint
    /// (<c>from</c>, <c>take</c>) answered with <c>{users, next}</c>.
    /// </summary>
    private static async Task<IResult> UsersAsync(string id, HttpContext http, RoleService roles)
    {
        if (await roles.FindAsync(id, http.RequestAborted) is null)
        {
            return ManagementResults.Error(RoleService.RoleNotFound());
        }

        var query = http.Request.Query;
        if (query.ContainsKey("from") || query.ContainsKey("take"))
        {
            var take = 50;
            if (query.TryGetValue("take", out var t) && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > 100))
            {
                return ManagementResults.Error(ManagementError.BadQuery("Query validation error: 'take' must be an integer between 1 and 100."));
            }

            string? after = null;
            if (query["from"].ToString() is { Length: > 0 } from)
            {
                after = Cursor(from);
                if (after is null)
                {
                    return ManagementResults.Error(ManagementError.BadQuery("Query validation error: 'from' is not a valid checkpoint."));
                }
            }

            var users = await roles.UsersAsync(id, after, 0, take + 1, http.RequestAborted);
            var body = new JsonObject { ["users"] = new JsonArray(users.Take(take).Select(u => (JsonNode)RoleService.UserView(u)).ToArray()) };
            if (users.Count > take)
            {
                body["next"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(users[take - 1].UserId));
            }

            return ManagementResults.Json(body);
        }

        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        var page = await roles.UsersAsync(id, null, paging.Skip, paging.PerPage, http.RequestAborted);
        var total = await roles.CountUsersAsync(id, http.RequestAborted);
        return ManagementResults.Json(new ListPage(page.Select(RoleService.UserView).ToList(), paging, total, null).ToJson("users"));
    }

    private static async Task<IResult> AssignUsersAsync(string id, HttpContext http, RoleService roles)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Users>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        var refused = await roles.AssignUsersAsync(id, body, http.RequestAborted);
        return refused is null ? ManagementResults.Json(new JsonObject()) : ManagementResults.Error(refused);
    }

    private static string? Cursor(string from)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(from));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Roles;

namespace Authgate.Management;

/// <summary><c>/api/v2/users/{id}/roles</c> and <c>/api/v2/users/{id}/permissions</c>. Thin: <see cref="UserRoleService"/> validates and writes.</summary>
internal static class UserRolesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users/{id}/roles", RolesAsync).Scopes("read:users", "read:roles", "read:role_members");
        api.MapPost("/users/{id}/roles", AssignRolesAsync).Scopes("update:users", "create:role_members").Audited("Assign roles to a user");
        api.MapDelete("/users/{id}/roles", RemoveRolesAsync).Scopes("update:users", "delete:role_members").Audited("Removes roles from a user");
        api.MapGet("/users/{id}/permissions", PermissionsAsync).Scopes("read:users");
        api.MapPost("/users/{id}/permissions", AddPermissionsAsync).Scopes("update:users").Audited("Assign permissions to a user");
        api.MapDelete("/users/{id}/permissions", RemovePermissionsAsync).Scopes("update:users").Audited("Remove permissions from a user");
    }

    private static async Task<IResult> RolesAsync(string id, HttpContext http, UserRoleService users)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        if (!await users.UserExistsAsync(id, http.RequestAborted))
        {
            return ManagementResults.Error(RoleService.UserNotFound());
        }

        var (items, total) = await users.RolesAsync(id, paging, http.RequestAborted);
        return ManagementResults.Json(new ListPage(items, paging, total, null).ToJson("roles"));
    }

    private static async Task<IResult> AssignRolesAsync(string id, HttpContext http, UserRoleService users)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Roles>(http);
        return body is null
            ? ManagementResults.Error(error!)
            : await users.AssignRolesAsync(id, body, http.RequestAborted) is { } refused ? ManagementResults.Error(refused) : ManagementResults.NoContent();
    }

    private static async Task<IResult> RemoveRolesAsync(string id, HttpContext http, UserRoleService users)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Roles>(http);
        return body is null
            ? ManagementResults.Error(error!)
            : await users.RemoveRolesAsync(id, body, http.RequestAborted) is { } refused ? ManagementResults.Error(refused) : ManagementResults.NoContent();
    }

    private static async Task<IResult> PermissionsAsync(string id, HttpContext http, UserRoleService users)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        if (!await users.UserExistsAsync(id, http.RequestAborted))
        {
            return ManagementResults.Error(RoleService.UserNotFound());
        }

        var (items, total) = await users.PermissionsAsync(id, paging, http.RequestAborted);
        return ManagementResults.Json(new ListPage(items, paging, total, null).ToJson("permissions"));
    }

    private static async Task<IResult> AddPermissionsAsync(string id, HttpContext http, UserRoleService users)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Permissions>(http);
        return body is null
            ? ManagementResults.Error(error!)
            : await users.AddPermissionsAsync(id, body, http.RequestAborted) is { } refused ? ManagementResults.Error(refused) : ManagementResults.Json(new JsonObject(), 201);
    }

    private static async Task<IResult> RemovePermissionsAsync(string id, HttpContext http, UserRoleService users)
    {
        var (body, error) = await ManagementBody.ReadAsync<RoleBodies.Permissions>(http);
        return body is null
            ? ManagementResults.Error(error!)
            : await users.RemovePermissionsAsync(id, body, http.RequestAborted) is { } refused ? ManagementResults.Error(refused) : ManagementResults.NoContent();
    }
}

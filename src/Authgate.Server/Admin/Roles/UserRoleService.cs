using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Roles;

/// <summary>
/// A user's roles and direct permissions (<c>/users/{id}/roles</c>, <c>/users/{id}/permissions</c>). The user's
/// permission list merges both sources and says where each came from, as Auth0's <c>sources</c> does.
/// </summary>
internal sealed class UserRoleService(AuthDbContext db, WriteGate writes, RoleService roles, TimeProvider time)
{
    public Task<bool> UserExistsAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.UserId == userId, cancellationToken);

    public async Task<(List<JsonObject> Roles, int Total)> RolesAsync(string userId, ListQuery paging, CancellationToken cancellationToken)
    {
        var query = db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, r => r.RoleId, role => role.Id, (r, role) => role);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderBy(r => r.Name).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(cancellationToken);
        return (page.Select(RoleService.View).ToList(), total);
    }

    public async Task<AdminError?> AssignRolesAsync(string userId, RoleBodies.Roles body, CancellationToken cancellationToken)
    {
        if (!Ids(body).TryGet(out var ids, out var invalid))
        {
            return invalid;
        }

        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.UserId == userId, cancellationToken))
        {
            return RoleService.UserNotFound();
        }

        var known = await db.Roles.Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken);
        if (ids.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
        {
            return AdminError.NotFound($"Role {unknown} does not exist.", "inexistent_role");
        }

        var assigned = await db.UserRoles.Where(r => r.UserId == userId && ids.Contains(r.RoleId)).Select(r => r.RoleId).ToListAsync(cancellationToken);
        foreach (var roleId in ids.Except(assigned))
        {
            db.UserRoles.Add(new UserRole { UserId = userId, RoleId = roleId, CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<AdminError?> RemoveRolesAsync(string userId, RoleBodies.Roles body, CancellationToken cancellationToken)
    {
        if (!Ids(body).TryGet(out var ids, out var invalid))
        {
            return invalid;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.UserId == userId, cancellationToken))
        {
            return RoleService.UserNotFound();
        }

        await db.UserRoles.Where(r => r.UserId == userId && ids.Contains(r.RoleId)).ExecuteDeleteAsync(cancellationToken);
        return null;
    }

    /// <summary>Direct permissions and role permissions, one item per permission with its <c>sources</c>.</summary>
    public async Task<(List<JsonObject> Permissions, int Total)> PermissionsAsync(string userId, ListQuery paging, CancellationToken cancellationToken)
    {
        var direct = await db.UserPermissions.Where(p => p.UserId == userId)
            .Select(p => new { p.Audience, p.PermissionName, SourceId = (string?)null, SourceName = (string?)null })
            .ToListAsync(cancellationToken);
        var viaRoles = await db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.RolePermissions, r => r.RoleId, p => p.RoleId, (r, p) => p)
            .Join(db.Roles, p => p.RoleId, role => role.Id, (p, role) => new { p.Audience, p.PermissionName, SourceId = (string?)role.Id, SourceName = (string?)role.Name })
            .ToListAsync(cancellationToken);
        var grouped = direct.Concat(viaRoles)
            .GroupBy(p => (p.Audience, p.PermissionName))
            .OrderBy(g => g.Key.Audience, StringComparer.Ordinal).ThenBy(g => g.Key.PermissionName, StringComparer.Ordinal)
            .ToList();
        var views = new List<JsonObject>();
        foreach (var group in grouped.Skip(paging.Skip).Take(paging.PerPage))
        {
            var view = await roles.PermissionViewAsync(group.Key.Audience, group.Key.PermissionName, cancellationToken);
            view["sources"] = new JsonArray(group.Select(s => (JsonNode)new JsonObject
            {
                ["source_id"] = s.SourceId ?? "",
                ["source_name"] = s.SourceName ?? "",
                ["source_type"] = s.SourceId is null ? "DIRECT" : "ROLE",
            }).ToArray());
            views.Add(view);
        }

        return (views, grouped.Count);
    }

    public async Task<AdminError?> AddPermissionsAsync(string userId, RoleBodies.Permissions body, CancellationToken cancellationToken)
    {
        if (!(await roles.ValidatePermissionsAsync(body, cancellationToken)).TryGet(out var grants, out var invalid))
        {
            return invalid;
        }

        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.UserId == userId, cancellationToken))
        {
            return RoleService.UserNotFound();
        }

        foreach (var grant in grants)
        {
            if (!await db.UserPermissions.AnyAsync(p => p.UserId == userId && p.Audience == grant.Audience && p.PermissionName == grant.Name, cancellationToken))
            {
                db.UserPermissions.Add(new UserPermission { UserId = userId, Audience = grant.Audience, PermissionName = grant.Name, CreatedAt = now });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<AdminError?> RemovePermissionsAsync(string userId, RoleBodies.Permissions body, CancellationToken cancellationToken)
    {
        if (!(await roles.ValidatePermissionsAsync(body, cancellationToken, mustBeDefined: false)).TryGet(out var grants, out var invalid))
        {
            return invalid;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.UserId == userId, cancellationToken))
        {
            return RoleService.UserNotFound();
        }

        foreach (var grant in grants)
        {
            await db.UserPermissions.Where(p => p.UserId == userId && p.Audience == grant.Audience && p.PermissionName == grant.Name)
                .ExecuteDeleteAsync(cancellationToken);
        }

        return null;
    }

    private static AdminResult<List<string>> Ids(RoleBodies.Roles body)
    {
        if (body.Items is not { } ids)
        {
            return AdminError.Invalid(FieldError.Missing("roles"));
        }

        if (ids.Count == 0)
        {
            return AdminError.Invalid(FieldError.At("roles", "Array is too short (0), minimum 1"));
        }

        return ids.Any(string.IsNullOrEmpty)
            ? AdminError.Invalid(FieldError.At("roles", "String is too short (0 chars), minimum 1"))
            : ids.Distinct().ToList();
    }
}

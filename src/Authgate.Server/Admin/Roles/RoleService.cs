using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Roles;

/// <summary>
/// Roles, their permissions and their users: validation that returns Auth0-shaped errors, the writes, and the
/// read models. The Management API handlers (<c>Management/RolesApi</c>, <c>Management/UserRolesApi</c>) only
/// read the request and write the answer.
/// </summary>
internal sealed class RoleService(AuthDbContext db, WriteGate writes, ApiResolver apis, TimeProvider time)
{
    public const int MaxNameLength = 50;
    public const int MaxDescriptionLength = 140;

    public static AdminError RoleNotFound() => AdminError.NotFound("The role does not exist.", "inexistent_role");

    public static AdminError UserNotFound() => AdminError.NotFound("The user does not exist.", "inexistent_user");

    public async Task<(List<JsonObject> Roles, int Total)> ListAsync(ListQuery paging, string? nameFilter, CancellationToken cancellationToken)
    {
        var query = db.Roles.AsQueryable();
        if (nameFilter is { Length: > 0 })
        {
            var lowered = nameFilter.ToLowerInvariant();
            query = query.Where(r => r.Name.ToLower().Contains(lowered));
        }

        var total = await query.CountAsync(cancellationToken);
        var roles = await query.OrderBy(r => r.Name).ThenBy(r => r.Id).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(cancellationToken);
        return (roles.Select(View).ToList(), total);
    }

    public async Task<Role?> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Roles.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public async Task<AdminResult<Role>> CreateAsync(RoleBodies.Role body, CancellationToken cancellationToken)
    {
        if (body.Name is null)
        {
            return AdminError.Invalid(FieldError.Missing("name"));
        }

        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var role = new Role { Id = "rol_" + RandomValues.Id(16), Name = body.Name, Description = body.Description, CreatedAt = now, UpdatedAt = now };
        using (await writes.EnterAsync(cancellationToken))
        {
            if (await db.Roles.AnyAsync(r => r.Name == role.Name, cancellationToken))
            {
                return NameTaken();
            }

            db.Roles.Add(role);
            await db.SaveChangesAsync(cancellationToken);
        }

        return role;
    }

    public async Task<AdminResult<Role>> UpdateAsync(string id, RoleBodies.Role body, CancellationToken cancellationToken)
    {
        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        var role = await db.Roles.AsTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return RoleNotFound();
        }

        if (body.Name is { } name && name != role.Name && await db.Roles.AnyAsync(r => r.Name == name, cancellationToken))
        {
            return NameTaken();
        }

        role.Name = body.Name ?? role.Name;
        role.Description = body.Description ?? role.Description;
        role.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return role;
    }

    /// <summary>Deletes the role; its permissions and assignments go with it (foreign keys cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        return await db.Roles.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<(List<JsonObject> Permissions, int Total)> PermissionsAsync(string roleId, ListQuery paging, CancellationToken cancellationToken)
    {
        var query = db.RolePermissions.Where(p => p.RoleId == roleId);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.Audience).ThenBy(p => p.PermissionName).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(cancellationToken);
        var views = new List<JsonObject>();
        foreach (var row in rows)
        {
            views.Add(await PermissionViewAsync(row.Audience, row.PermissionName, cancellationToken));
        }

        return (views, total);
    }

    public async Task<AdminError?> AddPermissionsAsync(string roleId, RoleBodies.Permissions body, CancellationToken cancellationToken)
    {
        if (!(await ValidatePermissionsAsync(body, cancellationToken)).TryGet(out var grants, out var invalid))
        {
            return invalid;
        }

        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Roles.AnyAsync(r => r.Id == roleId, cancellationToken))
        {
            return RoleNotFound();
        }

        foreach (var grant in grants)
        {
            if (!await db.RolePermissions.AnyAsync(p => p.RoleId == roleId && p.Audience == grant.Audience && p.PermissionName == grant.Name, cancellationToken))
            {
                db.RolePermissions.Add(new RolePermission { RoleId = roleId, Audience = grant.Audience, PermissionName = grant.Name, CreatedAt = now });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<AdminError?> RemovePermissionsAsync(string roleId, RoleBodies.Permissions body, CancellationToken cancellationToken)
    {
        if (!(await ValidatePermissionsAsync(body, cancellationToken, mustBeDefined: false)).TryGet(out var grants, out var invalid))
        {
            return invalid;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Roles.AnyAsync(r => r.Id == roleId, cancellationToken))
        {
            return RoleNotFound();
        }

        foreach (var grant in grants)
        {
            await db.RolePermissions.Where(p => p.RoleId == roleId && p.Audience == grant.Audience && p.PermissionName == grant.Name)
                .ExecuteDeleteAsync(cancellationToken);
        }

        return null;
    }

    /// <summary>The role's users ordered by id, from the one after <paramref name="after"/>; <paramref name="take"/> + 1 are read to know whether a page follows.</summary>
    public async Task<List<User>> UsersAsync(string roleId, string? after, int skip, int take, CancellationToken cancellationToken)
    {
        var query = db.UserRoles.Where(r => r.RoleId == roleId).Join(db.Users, r => r.UserId, u => u.UserId, (r, u) => u);
        if (after is not null)
        {
            query = query.Where(u => string.Compare(u.UserId, after) > 0);
        }

        return await query.OrderBy(u => u.UserId).Skip(skip).Take(take).ToListAsync(cancellationToken);
    }

    public Task<int> CountUsersAsync(string roleId, CancellationToken cancellationToken) =>
        db.UserRoles.CountAsync(r => r.RoleId == roleId, cancellationToken);

    public async Task<AdminError?> AssignUsersAsync(string roleId, RoleBodies.Users body, CancellationToken cancellationToken)
    {
        if (body.Items is not { } users)
        {
            return AdminError.Invalid(FieldError.Missing("users"));
        }

        if (users.Count == 0)
        {
            return AdminError.Invalid(FieldError.At("users", "Array is too short (0), minimum 1"));
        }

        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Roles.AnyAsync(r => r.Id == roleId, cancellationToken))
        {
            return RoleNotFound();
        }

        var distinct = users.Distinct().ToList();
        var known = await db.Users.Where(u => distinct.Contains(u.UserId)).Select(u => u.UserId).ToListAsync(cancellationToken);
        if (distinct.FirstOrDefault(u => !known.Contains(u)) is { } unknown)
        {
            return AdminError.NotFound($"User {unknown} does not exist.", "inexistent_user");
        }

        var assigned = await db.UserRoles.Where(r => r.RoleId == roleId && distinct.Contains(r.UserId)).Select(r => r.UserId).ToListAsync(cancellationToken);
        foreach (var userId in distinct.Except(assigned))
        {
            db.UserRoles.Add(new UserRole { UserId = userId, RoleId = roleId, CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Permissions of a body, each naming an existing API and (when adding) one of its scopes.</summary>
    public async Task<AdminResult<List<PermissionGrant>>> ValidatePermissionsAsync(
        RoleBodies.Permissions body, CancellationToken cancellationToken, bool mustBeDefined = true)
    {
        if (body.Items is not { } items)
        {
            return AdminError.Invalid(FieldError.Missing("permissions"));
        }

        if (items.Count == 0)
        {
            return AdminError.Invalid(FieldError.At("permissions", "Array is too short (0), minimum 1"));
        }

        var grants = new List<PermissionGrant>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || item.ResourceServerIdentifier is null || item.PermissionName is null)
            {
                var missing = item?.ResourceServerIdentifier is null ? "resource_server_identifier" : "permission_name";
                return AdminError.Invalid(FieldError.Missing(missing, $"permissions[{i}]"));
            }

            var api = await apis.FindAsync(item.ResourceServerIdentifier, cancellationToken);
            if (api is null)
            {
                return AdminError.NotFound($"Resource server with identifier {item.ResourceServerIdentifier} does not exist.", "inexistent_resource_server");
            }

            if (mustBeDefined && api.Scopes.All(s => s.Value != item.PermissionName))
            {
                return AdminError.BadRequest($"Permission {item.PermissionName} does not exist on resource server {api.Identifier}.", "invalid_body");
            }

            grants.Add(new PermissionGrant(apis.ToStored(api.Identifier), item.PermissionName));
        }

        return grants.Distinct().ToList();
    }

    /// <summary>Auth0's permission item: the API's wire identifier, the scope, the API's name and the scope's description.</summary>
    public async Task<JsonObject> PermissionViewAsync(string audience, string name, CancellationToken cancellationToken)
    {
        var api = await apis.FindAsync(audience, cancellationToken);
        return new JsonObject
        {
            ["resource_server_identifier"] = apis.ToWire(audience),
            ["permission_name"] = name,
            ["resource_server_name"] = api?.Name,
            ["description"] = api?.Scopes.FirstOrDefault(s => s.Value == name)?.Description ?? "",
        };
    }

    public static JsonObject View(Role role) => new()
    {
        ["id"] = role.Id,
        ["name"] = role.Name,
        ["description"] = role.Description ?? "",
    };

    public static JsonObject UserView(User user) => new()
    {
        ["user_id"] = user.UserId,
        ["picture"] = user.Picture,
        ["name"] = user.Name,
        ["email"] = user.Email,
    };

    private static AdminError NameTaken() => AdminError.Conflict("A role with this name already exists.", "role_conflict");

    private static AdminError? Validate(RoleBodies.Role body)
    {
        if (body.Name is { } name && (name.Length is 0 or > MaxNameLength))
        {
            return AdminError.Invalid(FieldError.At("name", name.Length == 0
                ? "String is too short (0 chars), minimum 1"
                : $"String is too long ({name.Length} chars), maximum {MaxNameLength}"));
        }

        return body.Description is { Length: > MaxDescriptionLength } description
            ? AdminError.Invalid(FieldError.At("description", $"String is too long ({description.Length} chars), maximum {MaxDescriptionLength}"))
            : null;
    }
}

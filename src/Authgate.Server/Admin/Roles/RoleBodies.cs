using System.Text.Json.Serialization;

namespace Authgate.Admin.Roles;

/// <summary>The request bodies of the roles and permissions endpoints, with Auth0's field names (AUTH0-MGMT-SCHEMA.md §3.13).</summary>
internal static class RoleBodies
{
    /// <summary><c>POST /roles</c> (name required) and <c>PATCH /roles/{id}</c>.</summary>
    public sealed record Role
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("description")] public string? Description { get; init; }
    }

    public sealed record Permission
    {
        [JsonPropertyName("resource_server_identifier")] public string? ResourceServerIdentifier { get; init; }
        [JsonPropertyName("permission_name")] public string? PermissionName { get; init; }
    }

    /// <summary><c>{"permissions":[…]}</c> for roles and users, adding or removing.</summary>
    public sealed record Permissions
    {
        [JsonPropertyName("permissions")] public List<Permission>? Items { get; init; }
    }

    /// <summary><c>POST /roles/{id}/users</c>.</summary>
    public sealed record Users
    {
        [JsonPropertyName("users")] public List<string>? Items { get; init; }
    }

    /// <summary><c>POST|DELETE /users/{id}/roles</c>.</summary>
    public sealed record Roles
    {
        [JsonPropertyName("roles")] public List<string>? Items { get; init; }
    }
}

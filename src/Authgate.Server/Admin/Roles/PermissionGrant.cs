namespace Authgate.Admin.Roles;

/// <summary>A validated permission: the API's stored identifier and one of its scopes.</summary>
internal sealed record PermissionGrant(string Audience, string Name);

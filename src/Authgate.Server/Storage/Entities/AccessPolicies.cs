namespace Authgate.Storage.Entities;

/// <summary>A resource server's <c>subject_type_authorization</c> policies (who may get tokens for it, and how).</summary>
internal static class AccessPolicies
{
    public const string AllowAll = "allow_all";
    public const string DenyAll = "deny_all";
    public const string RequireClientGrant = "require_client_grant";
}

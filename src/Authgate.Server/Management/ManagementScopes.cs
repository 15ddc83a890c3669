namespace Authgate.Management;

/// <summary>The Management API's scopes, as Auth0 names them.</summary>
internal static class ManagementScopes
{
    public static readonly string[] All =
    [
        "read:clients", "create:clients", "update:clients", "delete:clients",
        "read:client_keys", "update:client_keys",
        "read:client_credentials", "create:client_credentials", "update:client_credentials", "delete:client_credentials",
        "read:resource_servers", "create:resource_servers", "update:resource_servers", "delete:resource_servers",
        "read:client_grants", "create:client_grants", "update:client_grants", "delete:client_grants",
        "read:connections", "create:connections", "update:connections", "delete:connections",
        "read:users", "create:users", "update:users", "delete:users", "read:users_app_metadata", "update:users_app_metadata",
        "read:tenant_settings", "update:tenant_settings",
        "read:signing_keys", "create:signing_keys", "update:signing_keys",
        "read:logs", "read:logs_users",
        "read:attack_protection", "update:attack_protection",
        "read:roles", "create:roles", "update:roles", "delete:roles", "read:role_members", "create:role_members", "delete:role_members",
        "read:actions", "create:actions", "update:actions", "delete:actions",
        "read:rules", "create:rules", "update:rules", "delete:rules", "read:rules_configs", "update:rules_configs", "delete:rules_configs",
        "read:guardian_factors", "update:guardian_factors", "read:mfa_policies", "update:mfa_policies",
        "read:guardian_enrollments", "delete:guardian_enrollments", "create:guardian_enrollment_tickets",
    ];

    /// <summary>
    /// The only scopes an end user's token may carry for the Management API (Auth0: "Get Management API access
    /// tokens for SPAs"); they reach the user's own profile and nothing else.
    /// </summary>
    public static readonly string[] CurrentUser =
    [
        "read:current_user", "update:current_user_metadata", "create:current_user_metadata", "delete:current_user_metadata",
        "update:current_user_identities", "create:current_user_device_credentials", "delete:current_user_device_credentials",
    ];
}

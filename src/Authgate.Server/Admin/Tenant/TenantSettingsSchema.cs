using Authgate.Admin.Schemas;

namespace Authgate.Admin.Tenant;

/// <summary>
/// The body of <c>PATCH /tenants/settings</c>. Besides Auth0's documented fields it takes the legacy keys Auth0 still
/// accepts and its Deploy CLI sends (<c>universal_login</c>, flags such as <c>use_scope_descriptions_for_consent</c>).
/// </summary>
internal static class TenantSettingsSchema
{
    private static readonly string[] Locales =
    [
        "am", "ar", "ar-EG", "ar-SA", "az", "bg", "bn", "bs", "ca-ES", "cnr", "cs", "cy", "da", "de", "el", "en", "en-CA", "es", "es-419",
        "es-AR", "es-MX", "et", "eu-ES", "fa", "fi", "fr", "fr-CA", "fr-FR", "gl-ES", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it",
        "ja", "ka", "kk", "kn", "ko", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "nl", "nn", "no", "pa", "pl", "pt", "pt-BR",
        "pt-PT", "ro", "ru", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zgh", "zh-CN",
        "zh-HK", "zh-MO", "zh-TW",
    ];

    /// <summary>Auth0's documented flags, then legacy flags its API still echoes and its Deploy CLI sends.</summary>
    private static readonly string[] Flags =
    [
        "change_pwd_flow_v1", "enable_apis_section", "disable_impersonation", "enable_client_connections", "enable_pipeline2",
        "allow_legacy_delegation_grant_types", "allow_legacy_ro_grant_types", "allow_legacy_tokeninfo_endpoint", "enable_legacy_profile",
        "enable_idtoken_api2", "enable_public_signup_user_exists_error", "enable_sso", "allow_changing_enable_sso",
        "disable_clickjack_protection_headers", "no_disclose_enterprise_connections", "enforce_client_authentication_on_passwordless_start",
        "enable_adfs_waad_email_verification", "revoke_refresh_token_grant", "dashboard_log_streams_next", "dashboard_insights_view",
        "disable_fields_map_fix", "mfa_show_factor_list_on_enrollment", "remove_alg_from_jwks", "improved_signup_bot_detection_in_classic",
        "genai_trial", "local_resource_discovery", "enable_dynamic_client_registration", "disable_management_api_sms_obfuscation",
        "trust_azure_adfs_email_verified_connection_property", "custom_domains_provisioning",
        "use_scope_descriptions_for_consent", "enable_custom_domain_in_emails", "require_signed_request_object",
        "require_pushed_authorization_requests", "remove_stale_idp_attributes", "new_universal_login_experience_enabled",
        "enable_legacy_logs_search_v2", "cannot_change_enforce_client_authentication_on_passwordless_start",
    ];

    private static ObjectSchema FlagsSchema()
    {
        var flags = new PropertyList();
        foreach (var flag in Flags)
        {
            flags.Add(flag, Schema.Boolean());
        }

        return Schema.Closed(flags).Describe("Flags used to change the behavior of this tenant.");
    }

    private static readonly ObjectSchema Page = Schema.Closed(new() { { "enabled", Schema.Boolean() }, { "html", Schema.String() } }).OrNull();

    private static readonly ObjectSchema QuotaConfiguration = Schema.Open(new()
    {
        {
            "client_credentials", Schema.Closed(new()
            {
                { "enforce", Schema.Boolean() },
                { "per_day", Schema.Integer().Between(1, int.MaxValue) },
                { "per_hour", Schema.Integer().Between(1, int.MaxValue) },
            })
        },
    }).Require("client_credentials");

    private static readonly ObjectSchema SecurityHeaders = Schema.Closed(new()
    {
        {
            "content_security_policy", Schema.Closed(new()
            {
                { "enabled", Schema.Boolean() },
                {
                    "policies", Schema.Array(Schema.Closed(new()
                    {
                        { "mode", Schema.Enum("enforcing", "reporting") },
                        { "directives", Schema.Map(Schema.Array(Schema.String())) },
                        { "flags", Schema.Array(Schema.Enum("upgrade-insecure-requests", "block-all-mixed-content")) },
                        { "reporting", Schema.Closed(new() { { "report_uri", Schema.String() }, { "report_to_group", Schema.String() } }).OrNull() },
                    }))
                },
                {
                    "reporting_infrastructure", Schema.Closed(new()
                    {
                        {
                            "report_to", Schema.Closed(new()
                            {
                                { "group", Schema.String() },
                                { "max_age", Schema.Integer() },
                                { "endpoints", Schema.Array(Schema.Closed(new() { { "url", Schema.String() } })) },
                            }).OrNull()
                        },
                        { "reporting_endpoints", Schema.Map(Schema.String()) },
                    }).OrNull()
                },
            }).OrNull()
        },
        { "x_xss_protection", Schema.Closed(new() { { "enabled", Schema.Boolean() }, { "mode", Schema.Enum("block") }, { "report_uri", Schema.String() } }).OrNull() },
    }).OrNull();

    private static PropertyList Fields(bool hoursMayBeFractional)
    {
        IntegerSchema Hours() => (hoursMayBeFractional ? Schema.Number() : Schema.Integer()).Min(1);
        return new()
        {
            { "change_password", Page.Describe("Change Password page customization.") },
            { "device_flow", Schema.Closed(new() { { "charset", Schema.Enum("base20", "digits") }, { "mask", Schema.String().Max(20) } }).OrNull().Describe("Device Flow configuration") },
            { "guardian_mfa_page", Page.Describe("Guardian page customization.") },
            { "default_audience", Schema.String().Describe("Default audience for API Authorization.") },
            { "default_directory", Schema.String().Describe("Name of connection used for password grants at the `/token` endpoint. The following connection types are supported: LDAP, AD, Database Connections, Passwordless, Windows Azure Active Directory, ADFS.") },
            { "error_page", Schema.Closed(new() { { "html", Schema.String() }, { "show_log_link", Schema.Boolean() }, { "url", Schema.String().Formatted(SchemaFormats.AbsoluteUriOrEmpty) } }).OrNull().Describe("Tenant error page customization") },
            { "default_token_quota", Schema.Closed(new() { { "clients", QuotaConfiguration }, { "organizations", QuotaConfiguration } }).OrNull() },
            { "flags", FlagsSchema() },
            { "friendly_name", Schema.String().Describe("Friendly name for this tenant.") },
            { "picture_url", Schema.String().Formatted(SchemaFormats.AbsoluteUriOrEmpty).Describe("URL of logo to be shown for this tenant (recommended size: 150x150)") },
            { "support_email", Schema.String().Formatted(SchemaFormats.EmailOrEmpty).Describe("End-user support email address.") },
            { "support_url", Schema.String().Formatted(SchemaFormats.AbsoluteUriOrEmpty).Describe("End-user support URL.") },
            { "allowed_logout_urls", Schema.Array(Schema.String().Formatted(SchemaFormats.UrlWithPlaceholders)).Describe("URLs that are valid to redirect to after logout from Auth0.") },
            { "session_lifetime", Hours().Describe("Number of hours a session will stay valid.") },
            { "session_lifetime_in_minutes", Schema.Integer().Min(1) },
            { "idle_session_lifetime", Hours().Describe("Number of hours for which a session can be inactive before the user must log in again.") },
            { "idle_session_lifetime_in_minutes", Schema.Integer().Min(1) },
            { "ephemeral_session_lifetime", Hours() },
            { "idle_ephemeral_session_lifetime", Hours() },
            { "ephemeral_session_lifetime_in_minutes", Schema.Integer().Min(1) },
            { "idle_ephemeral_session_lifetime_in_minutes", Schema.Integer().Min(1) },
            { "sandbox_version", Schema.String().Max(8).Describe("Selected sandbox version for the extensibility environment.") },
            { "legacy_sandbox_version", Schema.String().Max(8) },
            { "default_redirection_uri", Schema.String().Formatted(SchemaFormats.AbsoluteHttpsUriOrEmpty) },
            { "enabled_locales", Schema.Array(Schema.Enum(Locales)).Min(1).Describe("Supported locales for the user interface.") },
            { "security_headers", SecurityHeaders },
            { "session_cookie", Schema.Closed(new() { { "mode", Schema.Enum("persistent", "non-persistent") } }).Require("mode").OrNull() },
            { "sessions", Schema.Closed(new() { { "oidc_logout_prompt_enabled", Schema.Boolean() }, { "anonymous", Schema.Closed(new() { { "lifetime_in_minutes", Schema.Integer().Min(1) }, { "activate_cookie", Schema.Boolean() } }).OrNull() } }).OrNull() },
            { "oidc_logout", Schema.Closed(new() { { "rp_logout_end_session_endpoint_discovery", Schema.Boolean() } }) },
            { "customize_mfa_in_postlogin_action", Schema.Boolean().OrNull() },
            { "allow_organization_name_in_authentication_api", Schema.Boolean().OrNull() },
            { "acr_values_supported", Schema.Array(Schema.String().Min(1)).OrNull() },
            { "mtls", Schema.Closed(new() { { "enable_endpoint_aliases", Schema.Boolean() } }).OrNull() },
            { "pushed_authorization_requests_supported", Schema.Boolean().OrNull() },
            { "authorization_response_iss_parameter_supported", Schema.Boolean().OrNull() },
            { "skip_non_verifiable_callback_uri_confirmation_prompt", Schema.Boolean().OrNull() },
            { "resource_parameter_profile", Schema.Enum("audience", "compatibility") },
            { "client_id_metadata_document_supported", Schema.Boolean() },
            { "enable_ai_guide", Schema.Boolean() },
            { "phone_consolidated_experience", Schema.Boolean() },
            { "include_session_metadata_in_tenant_logs", Schema.Boolean() },
            { "dynamic_client_registration_security_mode", Schema.Enum("strict", "permissive") },
            { "country_codes", Schema.Closed(new() { { "list", Schema.Array(Schema.String()) }, { "mode", Schema.Enum("allow", "deny") } }).OrNull() },
            // Legacy: still accepted by Auth0 and present in its exports.
            { "universal_login", Schema.Open(new()) },
        };
    }

    public static readonly ObjectSchema Update = Schema.Closed(Fields(hoursMayBeFractional: false)).MinProps(1);

    /// <summary>The tenant section of a tenant file: exports give session lifetimes in fractional hours.</summary>
    public static readonly ObjectSchema Import = Schema.Closed(Fields(hoursMayBeFractional: true));
}

using Authgate.Admin.Schemas;

namespace Authgate.Admin.Clients;

/// <summary>
/// The body of <c>POST /clients</c> and <c>PATCH /clients/{id}</c>. Open objects (<c>jwt_configuration</c>,
/// <c>mobile</c>, <c>encryption_key</c>, logout settings, each add-on) keep keys they do not name; everything else is
/// closed, as at Auth0. PATCH differs from POST: nothing is required, at least one field is, some fields accept
/// <c>null</c> to clear them, <c>client_secret</c> can be set and <c>resource_server_identifier</c> cannot.
/// </summary>
internal static class ClientSchema
{
    private static readonly string[] AppTypes =
    [
        "native", "spa", "regular_web", "non_interactive", "resource_server", "express_configuration", "rms", "box", "cloudbees",
        "concur", "dropbox", "mscrm", "echosign", "egnyte", "newrelic", "office365", "salesforce", "sentry", "sharepoint", "slack",
        "springcm", "zendesk", "zoom", "sso_integration", "oag",
    ];

    private static readonly string[] AddOns =
    [
        "aws", "azure_blob", "azure_sb", "rms", "mscrm", "slack", "sentry", "box", "cloudbees", "concur", "dropbox", "echosign",
        "egnyte", "firebase", "newrelic", "office365", "salesforce", "salesforce_api", "salesforce_sandbox_api", "samlp", "layer",
        "sap_api", "sharepoint", "springcm", "wams", "wsfed", "zendesk", "zoom", "sso_integration", "oag",
    ];

    private static StringSchema Url(string format) => Schema.String().Formatted(format);

    private static readonly ObjectSchema JwtConfiguration = Schema.Open(new()
    {
        { "lifetime_in_seconds", Schema.Integer().Between(1, 2592000).Describe("Number of seconds the JWT will be valid for (affects `exp` claim).") },
        { "secret_encoded", Schema.Boolean().Describe("Whether the client secret is base64 encoded (true) or unencoded (false).") },
        { "scopes", Schema.Open(new()) },
        { "alg", Schema.Enum("HS256", "RS256", "RS512", "PS256").Describe("Algorithm used to sign JWTs.") },
    }).Describe("Configuration related to JWTs for the client.");

    private static readonly ObjectSchema LogoutSettings = Schema.Open(new()
    {
        { "backchannel_logout_urls", Schema.Array(Url(SchemaFormats.HttpsUriWithPlaceholdersOrEmpty)) },
        {
            "backchannel_logout_initiators", Schema.Open(new()
            {
                { "mode", Schema.Enum("custom", "all") },
                {
                    "selected_initiators", Schema.Array(Schema.Enum(
                        "rp-logout", "idp-logout", "password-changed", "session-expired", "session-revoked", "account-deleted",
                        "email-identifier-changed", "mfa-phone-unenrolled", "account-deactivated"))
                },
            })
        },
        { "backchannel_logout_session_metadata", Schema.Open(new() { { "include", Schema.Boolean() } }).OrNull() },
    });

    private static readonly ObjectSchema SessionTransfer = Schema.Closed(new()
    {
        { "can_create_session_transfer_token", Schema.Boolean() },
        { "enforce_cascade_revocation", Schema.Boolean() },
        { "allowed_authentication_methods", Schema.Array(Schema.Enum("cookie", "query")).OrNull() },
        { "enforce_device_binding", Schema.Enum("ip", "asn", "none") },
        { "allow_refresh_token", Schema.Boolean() },
        { "enforce_online_refresh_tokens", Schema.Boolean() },
        {
            "delegation", Schema.Closed(new()
            {
                { "allow_delegated_access", Schema.Boolean() },
                { "enforce_device_binding", Schema.Enum("ip") },
            }).OrNull()
        },
    }).OrNull();

    private static readonly ObjectSchema EncryptionKey = Schema.Open(new()
    {
        { "pub", Schema.String() },
        { "cert", Schema.String() },
        { "subject", Schema.String() },
    }).OrNull();

    private static ObjectSchema Addons()
    {
        var addons = new PropertyList();
        foreach (var name in AddOns)
        {
            addons.Add(name, name == "oag" ? Schema.Open(new()).OrNull() : Schema.Open(new()));
        }

        return Schema.Closed(addons).Describe("Addons enabled for this client and their associated configurations.");
    }

    private static readonly ObjectSchema Mobile = Schema.Open(new()
    {
        {
            "android", Schema.Open(new()
            {
                { "app_package_name", Schema.String() },
                { "sha256_cert_fingerprints", Schema.Array(Schema.String().Min(1)).Min(1) },
            })
        },
        { "ios", Schema.Open(new() { { "team_id", Schema.String() }, { "app_bundle_identifier", Schema.String() } }) },
    });

    private static ObjectSchema Toggles(string field, bool nullable)
    {
        var toggle = Schema.Closed(new() { { field, Schema.Boolean() } });
        return nullable ? toggle.OrNull() : toggle;
    }

    private static ObjectSchema NativeSocialLogin(bool patch) => Schema.Closed(new()
    {
        { "apple", Toggles("enabled", patch) },
        { "facebook", Toggles("enabled", patch) },
        { "google", Toggles("enabled", patch) },
    });

    private static ObjectSchema FedCmLogin(bool patch) => Schema.Closed(new() { { "google", Toggles("is_enabled", patch) } });

    /// <summary><c>refresh_token</c>: rotation and expiry of the refresh tokens issued to the client.</summary>
    public static readonly ObjectSchema RefreshToken = Schema.Closed(new()
    {
        { "rotation_type", Schema.Enum("rotating", "non-rotating") },
        { "expiration_type", Schema.Enum("expiring", "non-expiring") },
        { "leeway", Schema.Integer().Min(0).Describe("Period in seconds where the previous refresh token can be exchanged without triggering breach detection") },
        { "token_lifetime", Schema.Integer().Between(1, 157788000).Describe("Period (in seconds) for which refresh tokens will remain valid") },
        { "infinite_token_lifetime", Schema.Boolean() },
        { "idle_token_lifetime", Schema.Integer().Min(1).Describe("Period (in seconds) for which refresh tokens will remain valid without use") },
        { "infinite_idle_token_lifetime", Schema.Boolean() },
        {
            "policies", Schema.Array(Schema.Closed(new()
            {
                { "audience", Schema.String().Length(1, 600) },
                { "scope", Schema.Array(Schema.String().Length(1, 280)) },
            }).Require("audience", "scope")).Min(1).OrNull()
        },
    }).Require("rotation_type", "expiration_type").OrNull().Describe("Refresh token configuration");

    private static readonly ObjectSchema DefaultOrganization = Schema.Closed(new()
    {
        { "organization_id", Schema.String().Formatted(SchemaFormats.OrganizationId) },
        { "flows", Schema.Array(Schema.Enum("client_credentials")) },
    }).Require("organization_id", "flows").OrNull();

    /// <summary>A public key for <c>private_key_jwt</c>, given inline (POST) or to <c>/clients/{id}/credentials</c>.</summary>
    public static readonly ObjectSchema PublicKeyCredential = Schema.Closed(new()
    {
        { "credential_type", Schema.Enum("public_key") },
        { "name", Schema.String().Max(128) },
        { "pem", Schema.String().Describe("PEM-formatted public key (SPKI and PKCS1) or X509 certificate. Must be JSON escaped.") },
        { "alg", Schema.Enum("RS256", "RS384", "PS256") },
        { "parse_expiry_from_cert", Schema.Boolean() },
        { "expires_at", Schema.String().Formatted(SchemaFormats.DateTime) },
        { "kid", Schema.String().Length(10, 64).Matching("^([0-9a-zA-Z-_]{10,64})$") },
    }).Require("credential_type", "pem");

    private static readonly ObjectSchema CertificateSubjectCredential = Schema.Closed(new()
    {
        { "credential_type", Schema.Enum("cert_subject_dn") },
        { "name", Schema.String().Max(128) },
        { "subject_dn", Schema.String().Length(1, 256) },
        { "pem", Schema.String() },
    }).Require("credential_type");

    private static readonly ObjectSchema CertificateCredential = Schema.Closed(new()
    {
        { "credential_type", Schema.Enum("x509_cert") },
        { "name", Schema.String().Max(128) },
        { "pem", Schema.String() },
    }).Require("credential_type", "pem");

    private static readonly ObjectSchema CredentialId = Schema.Closed(new()
    {
        { "id", Schema.String().Formatted(SchemaFormats.CredentialId) },
    }).Require("id");

    private static ObjectSchema Credentials(SchemaNode credential) =>
        Schema.Closed(new() { { "credentials", Schema.Array(credential) } }).Require("credentials");

    private static readonly ObjectSchema CreateAuthenticationMethods = Schema.Closed(new()
    {
        { "private_key_jwt", Credentials(PublicKeyCredential) },
        { "tls_client_auth", Credentials(CertificateSubjectCredential) },
        { "self_signed_tls_client_auth", Credentials(CertificateCredential) },
    });

    private static readonly ObjectSchema UpdateAuthenticationMethods = Schema.Closed(new()
    {
        { "private_key_jwt", Credentials(CredentialId) },
        { "tls_client_auth", Credentials(CredentialId) },
        { "self_signed_tls_client_auth", Credentials(CredentialId) },
    }).MinProps(1).MaxProps(1).OrNull();

    private static ObjectSchema SignedRequestObject(SchemaNode credential) => Schema.Closed(new()
    {
        { "required", Schema.Boolean() },
        { "credentials", Schema.Array(credential) },
    });

    private static ObjectSchema TokenVaultPrivilegedAccess(SchemaNode credential) => Schema.Closed(new()
    {
        { "credentials", Schema.Array(credential) },
        { "ip_allowlist", Schema.Array(Schema.String()) },
        { "grants", Schema.Array(Schema.Closed(new() { { "connection", Schema.String() }, { "scopes", Schema.Array(Schema.String()) } }).Require("connection", "scopes")) },
    }).Require("credentials");

    private static readonly ObjectSchema TokenExchange = Schema.Closed(new()
    {
        { "allow_any_profile_of_type", Schema.Array(Schema.Enum("custom_authentication", "on_behalf_of_token_exchange")) },
    });

    /// <summary><c>token_quota</c>: how many client-credentials tokens the client may get per hour and per day.</summary>
    public static readonly ObjectSchema TokenQuota = Schema.Closed(new()
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

    private static readonly ObjectSchema Active = Schema.Closed(new() { { "active", Schema.Boolean() } }).Require("active");

    private static readonly ObjectSchema ExpressConfiguration = Schema.Closed(new()
    {
        { "initiate_login_uri_template", Schema.String() },
        { "user_attribute_profile_id", Schema.String() },
        { "connection_profile_id", Schema.String() },
        { "enable_client", Schema.Boolean() },
        { "enable_organization", Schema.Boolean() },
        { "linked_clients", Schema.Array(Schema.Closed(new() { { "client_id", Schema.String() } }).Require("client_id")) },
        { "okta_oin_client_id", Schema.String() },
        { "admin_login_domain", Schema.String() },
        { "oin_submission_id", Schema.String() },
    }).Require("initiate_login_uri_template", "user_attribute_profile_id", "connection_profile_id", "enable_client", "enable_organization", "okta_oin_client_id", "admin_login_domain");

    private static readonly ObjectSchema B2BIntegration = Schema.Closed(new()
    {
        { "sso_profiles", Schema.Array(Schema.String()) },
        { "integration_type", Schema.Enum("custom_auth_server", "third_party", "application") },
    });

    private static readonly ObjectSchema MyOrganization = Schema.Closed(new()
    {
        { "connection_profile_id", Schema.String() },
        { "user_attribute_profile_id", Schema.String() },
        { "allowed_strategies", Schema.Array(Schema.Enum("pingfederate", "adfs", "waad", "google-apps", "okta", "oidc", "samlp")) },
        {
            "third_party_client_access", Schema.Closed(new()
            {
                { "default_value", Schema.Enum("block") },
                { "allowed_values", Schema.Array(Schema.Enum("allow", "block")) },
            }).Require("default_value", "allowed_values")
        },
        { "connection_deletion_behavior", Schema.Enum("allow", "allow_if_empty") },
        { "invitation_landing_client_id", Schema.String() },
    }).Require("allowed_strategies", "connection_deletion_behavior");

    private static PropertyList Fields(bool patch) => new()
    {
        { "name", Schema.String().Min(1).Matching("^[^<>]+$").Describe("Name of this client (min length: 1 character, does not allow `<` or `>`).") },
        { "description", Schema.String().Max(140).Describe("Free text description of this client (max length: 140 characters).") },
        { "logo_uri", Url(SchemaFormats.AbsoluteUriOrEmpty).Describe("URL of the logo to display for this client. Recommended size is 150x150 pixels.") },
        { "callbacks", Schema.Array(Url(SchemaFormats.CallbackUrl)).Describe("Comma-separated list of URLs whitelisted for Auth0 to use as a callback to the client after authentication.") },
        { "oidc_logout", LogoutSettings },
        { "oidc_backchannel_logout", LogoutSettings },
        { "session_transfer", SessionTransfer },
        { "allowed_origins", Schema.Array(Url(SchemaFormats.UrlWithPlaceholders)).Describe("Comma-separated list of URLs allowed to make requests from JavaScript to Auth0 API (typically used with CORS).") },
        { "web_origins", Schema.Array(Url(SchemaFormats.UrlWithPlaceholders)).Describe("Comma-separated list of allowed origins for use with Cross-Origin Authentication, Device Flow, and web message response mode.") },
        { "client_aliases", Schema.Array(Schema.String().Min(1)) },
        { "allowed_clients", Schema.Array(Schema.String().Min(1)) },
        { "allowed_logout_urls", Schema.Array(Url(SchemaFormats.UrlWithPlaceholders)).Describe("Comma-separated list of URLs that are valid to redirect to after logout from Auth0.") },
        { "grant_types", Schema.Array(Schema.String().Min(1)).Describe("List of grant types supported for this application.") },
        { "token_endpoint_auth_method", Schema.Enum("none", "client_secret_post", "client_secret_basic").Describe("Defines the requested authentication method for the token endpoint.") },
        { "is_token_endpoint_ip_header_trusted", Schema.Boolean().Describe("If true, trust that the IP specified in the `auth0-forwarded-for` header is the end-user's IP for brute-force-protection on token endpoint.") },
        { "app_type", Schema.Enum(AppTypes).Describe("The type of application this client represents") },
        { "is_first_party", Schema.Boolean().Describe("Whether this client a first party client (true) or not (false).") },
        { "oidc_conformant", Schema.Boolean().Describe("Whether this client conforms to strict OIDC specifications (true) or uses legacy features (false).") },
        { "jwt_configuration", JwtConfiguration },
        { "encryption_key", EncryptionKey },
        { "sso", Schema.Boolean() },
        { "cross_origin_authentication", Schema.Boolean() },
        { "cross_origin_loc", patch ? Url(SchemaFormats.UrlOrNull).OrNull() : Url(SchemaFormats.Url) },
        { "sso_disabled", Schema.Boolean() },
        { "custom_login_page_on", Schema.Boolean() },
        { "custom_login_page", patch ? Schema.String() : Schema.String().Min(1) },
        { "custom_login_page_preview", patch ? Schema.String() : Schema.String().Min(1) },
        { "form_template", patch ? Schema.String() : Schema.String().Min(1) },
        { "addons", Addons() },
        { "client_metadata", Schema.Map(Schema.String().Max(255)).MaxProps(10).Describe("Metadata associated with the client, in the form of an object with string values (max 255 chars).  Maximum of 10 metadata properties allowed.") },
        { "mobile", Mobile },
        { "initiate_login_uri", Url(SchemaFormats.HttpsUriWithPlaceholdersOrEmpty).Describe("Initiate login uri, must be https") },
        { "native_social_login", patch ? NativeSocialLogin(true).OrNull() : NativeSocialLogin(false) },
        { "fedcm_login", patch ? FedCmLogin(true).OrNull() : FedCmLogin(false) },
        { "refresh_token", RefreshToken },
        { "default_organization", DefaultOrganization },
        { "organization_usage", patch ? Schema.Enum("deny", "allow", "require").OrNull() : Schema.Enum("deny", "allow", "require") },
        { "organization_require_behavior", patch ? Schema.Enum("no_prompt", "pre_login_prompt", "post_login_prompt").OrNull() : Schema.Enum("no_prompt", "pre_login_prompt", "post_login_prompt") },
        { "organization_discovery_methods", patch ? Schema.Array(Schema.Enum("email", "organization_name")).Min(1).OrNull() : Schema.Array(Schema.Enum("email", "organization_name")).Min(1) },
        { "client_authentication_methods", patch ? UpdateAuthenticationMethods : CreateAuthenticationMethods },
        { "require_pushed_authorization_requests", Schema.Boolean() },
        { "require_proof_of_possession", Schema.Boolean() },
        { "signed_request_object", SignedRequestObject(patch ? CredentialId : PublicKeyCredential) },
        { "token_vault_privileged_access", TokenVaultPrivilegedAccess(patch ? CredentialId : PublicKeyCredential) },
        { "compliance_level", Schema.Enum("none", "fapi1_adv_pkj_par", "fapi1_adv_mtls_par", "fapi2_sp_pkj_mtls", "fapi2_sp_mtls_mtls").OrNull() },
        { "skip_non_verifiable_callback_uri_confirmation_prompt", patch ? Schema.Boolean().OrNull() : Schema.Boolean() },
        { "token_exchange", patch ? TokenExchange.OrNull() : TokenExchange },
        { "par_request_expiry", Schema.Integer().Between(10, 600).OrNull() },
        { "token_quota", patch ? TokenQuota.OrNull() : TokenQuota },
        { "identity_assertion_authorization_grant", patch ? Active.OrNull() : Active },
        { "anonymous_sessions", patch ? Active.OrNull() : Active },
        { "third_party_security_mode", Schema.Enum("strict", "permissive") },
        { "redirection_policy", Schema.Enum("allow_always", "open_redirect_protection") },
        { "express_configuration", patch ? ExpressConfiguration.OrNull() : ExpressConfiguration },
        { "b2b_integration_configuration", B2BIntegration },
        { "my_organization_configuration", patch ? MyOrganization.OrNull() : MyOrganization },
        { "async_approval_notification_channels", patch ? Schema.Array(Schema.Enum("guardian-push", "email")).Min(1).OrNull() : Schema.Array(Schema.Enum("guardian-push", "email")).Min(1) },
    };

    public static readonly ObjectSchema Create = Schema.Closed(Fields(patch: false))
        .With("resource_server_identifier", Schema.String().Length(1, 600))
        .Require("name");

    public static readonly ObjectSchema Update = Schema.Closed(Fields(patch: true))
        .With("client_secret", Schema.String().Min(1).Describe("The secret used to sign tokens for the client."))
        .MinProps(1);

    /// <summary>
    /// A client in a tenant file: the POST body plus what an export carries so a tenant moves with its credentials
    /// (<c>client_id</c>, <c>client_secret</c>) and the legacy <c>cross_origin_auth</c> alias Auth0's exports hold.
    /// </summary>
    public static readonly ObjectSchema Import = Create
        .With("client_id", Schema.String().Formatted(SchemaFormats.ClientId))
        .With("client_secret", Schema.String().Min(1))
        .With("cross_origin_auth", Schema.Boolean());
}

using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Admin;

/// <summary>
/// Every documented field of each served resource is accepted with Auth0's types, stored and echoed; PATCH replaces
/// top-level fields and <c>null</c> clears nullable ones; immutable fields and empty PATCH bodies are refused as at Auth0.
/// </summary>
public sealed class DocumentedFieldsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    /// <summary>Each field sent is in the answer with the same value (objects may gain defaults; arrays and values match exactly).</summary>
    private static void ShouldEcho(JsonObject sent, JsonNode? got, string path = "")
    {
        got.Should().BeOfType<JsonObject>(path);
        foreach (var (name, value) in sent)
        {
            var actual = got![name];
            var where = path.Length == 0 ? name : $"{path}.{name}";
            if (value is JsonObject nested && actual is JsonObject)
            {
                ShouldEcho(nested, actual, where);
            }
            else
            {
                JsonNode.DeepEquals(value, actual).Should().BeTrue($"{where} should be {value?.ToJsonString()} but was {actual?.ToJsonString()}");
            }
        }
    }

    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    public static readonly string FullClient = """
        {
          "name": "Every field",
          "description": "A client with every documented field",
          "logo_uri": "https://every.test/logo.png",
          "callbacks": ["https://every.test/callback", "https://*.every.test/cb"],
          "oidc_logout": { "backchannel_logout_urls": ["https://every.test/logout"], "backchannel_logout_initiators": { "mode": "custom", "selected_initiators": ["rp-logout", "idp-logout"] }, "extra_logout_key": 1 },
          "session_transfer": { "can_create_session_transfer_token": true, "allowed_authentication_methods": ["cookie"], "enforce_device_binding": "ip", "allow_refresh_token": false, "enforce_online_refresh_tokens": true },
          "allowed_origins": ["https://every.test"],
          "web_origins": ["https://every.test"],
          "client_aliases": ["every"],
          "allowed_clients": ["someone"],
          "allowed_logout_urls": ["https://every.test/bye"],
          "grant_types": ["authorization_code", "refresh_token", "client_credentials", "password"],
          "token_endpoint_auth_method": "client_secret_basic",
          "is_token_endpoint_ip_header_trusted": true,
          "app_type": "regular_web",
          "is_first_party": true,
          "oidc_conformant": true,
          "jwt_configuration": { "alg": "RS256", "lifetime_in_seconds": 7200, "secret_encoded": false, "scopes": { "custom": "x" }, "unknown_but_open": true },
          "encryption_key": { "pub": "pub", "cert": "cert", "subject": "CN=every" },
          "sso": false,
          "cross_origin_authentication": true,
          "cross_origin_loc": "https://every.test/co",
          "sso_disabled": false,
          "custom_login_page_on": true,
          "custom_login_page": "<html></html>",
          "custom_login_page_preview": "<html></html>",
          "form_template": "<form></form>",
          "addons": { "samlp": { "audience": "urn:every", "anything": { "nested": true } }, "slack": { "team": "every" } },
          "client_metadata": { "tier": "gold", "owner": "team-a" },
          "mobile": { "android": { "app_package_name": "test.every", "sha256_cert_fingerprints": ["AB:CD"] }, "ios": { "team_id": "T1", "app_bundle_identifier": "test.every" } },
          "initiate_login_uri": "https://every.test/login",
          "native_social_login": { "apple": { "enabled": false }, "facebook": { "enabled": true }, "google": { "enabled": false } },
          "fedcm_login": { "google": { "is_enabled": true } },
          "refresh_token": { "rotation_type": "rotating", "expiration_type": "expiring", "leeway": 10, "token_lifetime": 86400, "infinite_token_lifetime": false, "idle_token_lifetime": 3600, "infinite_idle_token_lifetime": false, "policies": [{ "audience": "https://api.test/", "scope": ["read:sample"] }] },
          "default_organization": { "organization_id": "org_0123456789abcdef", "flows": ["client_credentials"] },
          "organization_usage": "allow",
          "organization_require_behavior": "pre_login_prompt",
          "organization_discovery_methods": ["email"],
          "require_pushed_authorization_requests": false,
          "require_proof_of_possession": false,
          "signed_request_object": { "required": false, "credentials": [] },
          "compliance_level": "none",
          "skip_non_verifiable_callback_uri_confirmation_prompt": true,
          "token_exchange": { "allow_any_profile_of_type": ["custom_authentication"] },
          "par_request_expiry": 90,
          "token_quota": { "client_credentials": { "enforce": false, "per_day": 1000, "per_hour": 100 } },
          "resource_server_identifier": "https://every.test/api",
          "identity_assertion_authorization_grant": { "active": false },
          "anonymous_sessions": { "active": false },
          "third_party_security_mode": "strict",
          "redirection_policy": "open_redirect_protection",
          "b2b_integration_configuration": { "sso_profiles": ["p1"], "integration_type": "application" },
          "async_approval_notification_channels": ["email"]
        }
        """;

    [Fact]
    public async Task Clients_take_every_documented_field_and_echo_it()
    {
        var sent = Body(FullClient);
        var created = await management.PostAsync("clients", sent);
        ShouldEcho(sent, created);
        var id = created["client_id"]!.GetValue<string>();
        ShouldEcho(sent, await management.GetAsync($"clients/{id}"));
        created["cross_origin_auth"]!.GetValue<bool>().Should().BeTrue("the legacy alias follows cross_origin_authentication");

        var changes = Body("""{"description":"changed","client_metadata":{"tier":"silver"},"organization_usage":null,"refresh_token":null,"addons":{"wsfed":{}}}""");
        var updated = await management.PatchAsync($"clients/{id}", changes);
        updated["description"]!.GetValue<string>().Should().Be("changed");
        updated["client_metadata"]!.ToJsonString().Should().Be("""{"tier":"silver"}""", "PATCH replaces a top-level field");
        updated.AsObject().ContainsKey("organization_usage").Should().BeFalse("null clears it");
        updated["refresh_token"]!["rotation_type"]!.GetValue<string>().Should().Be("non-rotating", "a cleared refresh_token goes back to Auth0's defaults");
        updated["addons"]!.ToJsonString().Should().Be("""{"wsfed":{}}""");
        ShouldEcho(Body("""{"web_origins":["https://every.test"],"fedcm_login":{"google":{"is_enabled":true}}}"""), updated);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, $"clients/{id}", new { }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Too few properties defined (0), minimum 1'.");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, $"clients/{id}", new { resource_server_identifier = "x" }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: resource_server_identifier'.");
    }

    [Fact]
    public async Task Resource_servers_take_every_documented_field_and_keep_their_identifier()
    {
        var sent = Body("""
            {
              "name": "Every API",
              "identifier": "https://every-api.test/",
              "scopes": [{ "value": "read:all", "description": "Read" }, { "value": "write:all" }],
              "signing_alg": "RS256",
              "allow_offline_access": true,
              "allow_online_access": false,
              "allow_online_access_with_ephemeral_sessions": false,
              "token_lifetime": 3600,
              "token_lifetime_for_anonymous_access_tokens": 600,
              "token_dialect": "access_token_authz",
              "skip_consent_for_verifiable_first_party_clients": true,
              "enforce_policies": true,
              "token_encryption": { "format": "compact-nested-jwe", "encryption_key": { "name": "k", "alg": "RSA-OAEP-256", "kid": "kid-1", "pem": "-----BEGIN PUBLIC KEY-----" } },
              "consent_policy": "transactional-authorization-with-mfa",
              "authorization_details": [{ "type": "payment" }],
              "proof_of_possession": { "mechanism": "dpop", "required": false, "required_for": "public_clients" },
              "subject_type_authorization": { "user": { "policy": "allow_all" }, "client": { "policy": "require_client_grant" } },
              "authorization_policy": { "policy_id": "pol_1" },
              "token_lifetime_for_web": 1800,
              "options": { "a": "b" }
            }
            """);
        var created = await management.PostAsync("resource-servers", sent);
        ShouldEcho(sent, created);
        var id = created["id"]!.GetValue<string>();
        ShouldEcho(sent, await management.GetAsync($"resource-servers/{id}"));

        var updated = await management.PatchAsync($"resource-servers/{id}", Body("""{"token_encryption":null,"consent_policy":null,"token_dialect":"rfc9068_profile"}"""));
        updated.AsObject().ContainsKey("token_encryption").Should().BeFalse();
        updated["token_dialect"]!.GetValue<string>().Should().Be("rfc9068_profile");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, $"resource-servers/{id}", new { identifier = "https://other.test/" }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: identifier'.");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, "resource-servers/management-api", new { scopes = Array.Empty<object>() }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: scopes'.");
    }

    [Fact]
    public async Task Connections_take_every_documented_field_and_keep_unknown_options()
    {
        var sent = Body("""
            {
              "name": "every-db",
              "display_name": "Every DB",
              "strategy": "auth0",
              "options": {
                "strategy_version": 2,
                "requires_username": false,
                "brute_force_protection": true,
                "passwordPolicy": "fair",
                "password_complexity_options": { "min_length": 10 },
                "password_history": { "enable": true, "size": 5 },
                "password_dictionary": { "enable": true, "dictionary": ["secret"] },
                "password_no_personal_info": { "enable": true },
                "password_options": { "complexity": { "min_length": 12, "character_types": ["uppercase", "number"], "character_type_rule": "all" }, "history": { "active": true, "size": 3 } },
                "mfa": { "active": true, "return_enroll_settings": true, "future_key": 1 },
                "import_mode": false,
                "enabledDatabaseCustomization": false,
                "customScripts": { "login": "function login(email, password, callback) {}" },
                "configuration": { "API_KEY": "value" },
                "validation": { "username": { "min": 1, "max": 15 } },
                "precedence": ["email", "username", "phone_number"],
                "attributes": { "email": { "identifier": { "active": true }, "unique": true, "verification_method": "link" } },
                "authentication_methods": { "password": { "enabled": true, "api_behavior": "required" }, "passkey": { "enabled": false } },
                "passkey_options": { "challenge_ui": "both" },
                "non_persistent_attrs": ["ethnicity"],
                "disable_signup": true
              },
              "enabled_clients": [],
              "is_domain_connection": false,
              "show_as_button": true,
              "realms": ["every-db", "every.example"],
              "metadata": { "team": "identity" },
              "authentication": { "active": true },
              "connected_accounts": { "active": false }
            }
            """);
        var created = await management.PostAsync("connections", sent);
        ShouldEcho(sent, created);
        var id = created["id"]!.GetValue<string>();
        ShouldEcho(sent, await management.GetAsync($"connections/{id}"));

        var updated = await management.PatchAsync($"connections/{id}", Body("""{"options":{"passwordPolicy":"good"},"metadata":{"team":"platform"}}"""));
        updated["options"]!.ToJsonString().Should().Be("""{"passwordPolicy":"good"}""", "options are replaced whole, as at Auth0");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, $"connections/{id}", new { name = "x", strategy = "auth0" }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: name,strategy'.");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, $"connections/{id}", new { options = new { validation = new { requires_username = true } } }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: requires_username' on property options.validation (Options for validation).");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, $"connections/{id}", new { }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Too few properties defined (0), minimum 1'.");
    }

    [Fact]
    public async Task Users_take_every_documented_field_and_patch_merges_metadata()
    {
        var sent = Body("""
            {
              "connection": "Username-Password-Authentication",
              "email": "every@example.test",
              "phone_number": "+15551234567",
              "user_metadata": { "theme": "dark", "prefs": { "a": 1 } },
              "blocked": false,
              "email_verified": true,
              "phone_verified": true,
              "app_metadata": { "plan": "pro" },
              "given_name": "Eve",
              "family_name": "Ry",
              "name": "Eve Ry",
              "nickname": "eve",
              "picture": "https://every.test/eve.png",
              "user_id": "every-user",
              "password": "Every-passw0rd!",
              "verify_email": false,
              "username": "every"
            }
            """);
        var created = await management.PostAsync("users", sent);
        created["user_id"]!.GetValue<string>().Should().Be("auth0|every-user");
        foreach (var name in new[] { "password", "connection", "verify_email", "user_id" })
        {
            sent.Remove(name);
        }

        ShouldEcho(sent, created);
        ShouldEcho(sent, await management.GetAsync("users/auth0|every-user"));

        var updated = await management.PatchAsync("users/auth0|every-user", Body("""{"user_metadata":{"lang":"fr","theme":null},"given_name":null,"verify_phone_number":false,"client_id":"x","not_a_field":1}"""));
        updated["user_metadata"]!.ToJsonString().Should().Be("""{"prefs":{"a":1},"lang":"fr"}""");
        updated.AsObject().ContainsKey("given_name").Should().BeFalse();
        updated.AsObject().ContainsKey("not_a_field").Should().BeFalse("PATCH /users is open: unknown keys are accepted and ignored");
    }

    [Fact]
    public async Task Tenant_settings_take_every_documented_field_and_merge_flags()
    {
        var sent = Body("""
            {
              "change_password": { "enabled": true, "html": "<p/>" },
              "device_flow": { "charset": "base20", "mask": "****-****" },
              "guardian_mfa_page": { "enabled": false, "html": "" },
              "error_page": { "html": "", "show_log_link": false, "url": "https://every.test/error" },
              "default_token_quota": { "clients": { "client_credentials": { "enforce": false, "per_hour": 10 } } },
              "flags": { "enable_apis_section": true, "revoke_refresh_token_grant": false, "use_scope_descriptions_for_consent": true },
              "friendly_name": "Every tenant",
              "picture_url": "https://every.test/logo.png",
              "support_email": "support@every.test",
              "support_url": "https://every.test/support",
              "allowed_logout_urls": ["https://every.test/bye"],
              "session_lifetime": 24,
              "idle_session_lifetime_in_minutes": 60,
              "sandbox_version": "18",
              "default_redirection_uri": "https://every.test/",
              "enabled_locales": ["en", "fr"],
              "session_cookie": { "mode": "persistent" },
              "sessions": { "oidc_logout_prompt_enabled": false },
              "oidc_logout": { "rp_logout_end_session_endpoint_discovery": true },
              "customize_mfa_in_postlogin_action": false,
              "allow_organization_name_in_authentication_api": false,
              "acr_values_supported": ["urn:acr"],
              "mtls": { "enable_endpoint_aliases": false },
              "pushed_authorization_requests_supported": false,
              "resource_parameter_profile": "audience",
              "include_session_metadata_in_tenant_logs": true,
              "universal_login": { "colors": { "primary": "#000000" } }
            }
            """);
        var before = await management.GetAsync("tenants/settings");
        try
        {
            ShouldEcho(sent, await management.PatchAsync("tenants/settings", sent));
            var read = await management.GetAsync("tenants/settings");
            ShouldEcho(sent, read);
            read["default_directory"]!.GetValue<string>().Should().Be(TestTenant.Connection);

            var flags = await management.PatchAsync("tenants/settings", Body("""{"flags":{"enable_client_connections":false}}"""));
            flags["flags"]!["enable_apis_section"]!.GetValue<bool>().Should().BeTrue("flags are merged flag by flag");

            await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, "tenants/settings", new { }),
                HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Too few properties defined (0), minimum 1'.");
            await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Patch, "tenants/settings", new { error_page = new { enabled = true } }),
                HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: enabled' on property error_page (Tenant error page customization).");
        }
        finally
        {
            await management.PatchAsync("tenants/settings", new { friendly_name = before["friendly_name"]!.GetValue<string>() });
        }
    }

    [Fact]
    public async Task Attack_protection_settings_take_every_field_and_merge_stages()
    {
        var brute = Body("""{"enabled":true,"shields":["block"],"allowlist":["10.0.0.0/8","2001:db8::1"],"mode":"count_per_identifier","max_attempts":5}""");
        ShouldEcho(brute, await management.PatchAsync("attack-protection/brute-force-protection", brute));

        var suspicious = Body("""{"enabled":true,"shields":["block"],"allowlist":["10.0.0.1"],"stage":{"pre-login":{"max_attempts":50}}}""");
        var merged = await management.PatchAsync("attack-protection/suspicious-ip-throttling", suspicious);
        merged["stage"]!["pre-login"]!["max_attempts"]!.GetValue<int>().Should().Be(50);
        merged["stage"]!["pre-login"]!["rate"]!.GetValue<long>().Should().Be(864000, "a stage's other fields are kept");
        merged["stage"]!["pre-custom-token-exchange"]!["max_attempts"]!.GetValue<int>().Should().Be(10, "stages a PATCH leaves out are kept");

        var breached = Body("""{"enabled":false,"shields":["admin_notification"],"admin_notification_frequency":["daily"],"method":"enhanced","stage":{"pre-user-registration":{"shields":["block"]},"pre-change-password":{"shields":["admin_notification"]}}}""");
        ShouldEcho(breached, await management.PatchAsync("attack-protection/breached-password-detection", breached));
        ShouldEcho(breached, await management.GetAsync("attack-protection/breached-password-detection"));

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, "attack-protection/suspicious-ip-throttling", new { stage = new Dictionary<string, object> { ["pre-login"] = new { rate = 10 } } }),
            HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Value 10 is less than minimum 34560' on property stage.pre-login.rate (Interval of time, given in milliseconds, at which new attempts are granted.).");
        await management.PatchAsync("attack-protection/brute-force-protection", new { enabled = true, shields = new[] { "block", "user_notification" }, allowlist = Array.Empty<string>(), mode = "count_per_identifier_and_ip", max_attempts = 10 });
    }

    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        { "POST", "clients", """{"name":"x","jwt_configuration":{"alg":"ES256"}}""", "'Invalid property \"ES256\"' on property jwt_configuration.alg (Algorithm used to sign JWTs.)." },
        { "POST", "clients", """{"name":"x","mobile":{"android":{"sha256_cert_fingerprints":[]}}}""", "'Array is too short (0), minimum 1' on property mobile.android.sha256_cert_fingerprints." },
        { "POST", "clients", """{"name":"x","native_social_login":{"apple":{"enabled":true,"team":"x"}}}""", "'Additional properties not allowed: team' on property native_social_login.apple." },
        { "POST", "clients", """{"name":"x","par_request_expiry":5}""", "'Value 5 is less than minimum 10' on property par_request_expiry." },
        { "POST", "resource-servers", """{"identifier":"https://bad.test/","name":"a<b"}""", "'String does not match pattern ^[^<>]+$: a<b' on property name" },
        { "POST", "resource-servers", """{"identifier":"https://bad.test/","signing_secret":"short"}""", "'String is too short (5 chars), minimum 16' on property signing_secret" },
        { "POST", "resource-servers", """{"identifier":"","scopes":[{"value":"a","extra":1}]}""", "'String is too short (0 chars), minimum 1' on property identifier" },
        { "POST", "connections", """{"name":"-bad-","strategy":"auth0"}""", "'String does not match pattern ^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$: -bad-' on property name" },
        { "POST", "connections", """{"name":"ok","strategy":"auth0","metadata":{"k":1}}""", "'Expected type string,null but found type integer' on property metadata.k." },
        { "POST", "connections", """{"name":"ok","strategy":"auth0","options":{"precedence":["email"]}}""", "'Array is too short (1), minimum 3' on property options.precedence." },
        { "POST", "users", """{"connection":"Username-Password-Authentication","email":"b@x.test","password":"Long-enough-1!","phone_number":"555"}""", "'String does not match pattern ^\\+[0-9]{1,15}$: 555' on property phone_number (The user's phone number (following the E.164 recommendation))." },
        { "POST", "users", """{"connection":"Username-Password-Authentication","email":"b@x.test","password":"Long-enough-1!","user_metadata":{"a.b":1}}""", "'Invalid field name: a.b (field names cannot contain . or $)' on property user_metadata." },
        { "POST", "users", """{"connection":"Username-Password-Authentication","email":"b@x.test","password":"Long-enough-1!","app_metadata":{"email":"x"}}""", "'The field name email is reserved' on property app_metadata." },
        { "POST", "users", """{"connection":"Username-Password-Authentication","email":"b@x.test","password":"Long-enough-1!","given_name":""}""", "'String is too short (0 chars), minimum 1' on property given_name (The user's given name(s).)." },
        { "POST", "client-grants", """{"client_id":"machineClientId00000000000000004","audience":"https://api.test/","scope":[""]}""", "'String is too short (0 chars), minimum 1' on property scope[0]" },
        { "PATCH", "tenants/settings", """{"enabled_locales":["xx"]}""", "'Invalid property \"xx\"' on property enabled_locales[0]." },
        { "PATCH", "tenants/settings", """{"session_lifetime":1.5}""", "'Expected type integer but found type number' on property session_lifetime (Number of hours a session will stay valid.)." },
        { "PATCH", "tenants/settings", """{"support_email":"nope"}""", "'Object didn't pass validation for format email-or-empty: nope' on property support_email (End-user support email address.)." },
        { "PATCH", "attack-protection/breached-password-detection", """{"method":"perfect"}""", "'Invalid property \"perfect\"' on property method." },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_bodies_get_auth0s_message_write_nothing_and_leave_every_list_readable(string method, string path, string body, string message)
    {
        var before = await CountsAsync();

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(new HttpMethod(method), path, body), HttpStatusCode.BadRequest, "invalid_body", message);

        (await CountsAsync()).Should().Equal(before);
        foreach (var list in new[] { "clients", "resource-servers", "client-grants", "connections", "users", "tenants/settings", "attack-protection/breached-password-detection" })
        {
            (await management.SendAsync(HttpMethod.Get, list)).StatusCode.Should().Be(HttpStatusCode.OK, list);
        }
    }

    private Task<int[]> CountsAsync() => factory.WithDbAsync(async db => new[]
    {
        await db.Clients.CountAsync(), await db.ResourceServers.CountAsync(), await db.ClientGrants.CountAsync(),
        await db.Connections.CountAsync(), await db.Users.CountAsync(),
        (await db.TenantSettings.SingleAsync()).Document.Length, (await db.AttackProtection.FirstOrDefaultAsync())?.BreachedPassword.Length ?? 0,
    });
}

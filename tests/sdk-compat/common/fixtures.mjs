// Shared by the node-auth0 7.x and 4.x suites: Management API bodies with every documented field of each served
// resource (AUTH0-MGMT-SCHEMA.md §3), Auth0's validation messages for bad ones (§2.2), and small helpers.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

export const domain = requiredEnv('AUTHGATE_DOMAIN');
export const clientId = requiredEnv('AUTHGATE_CLIENT_ID');
export const clientSecret = requiredEnv('AUTHGATE_CLIENT_SECRET');

/** Keeps names unique when the suites run twice against one server. */
export const run = randomUUID().slice(0, 8);

// Values from samples/tenant.json, the seed run.sh starts the server with.
export const SEED = {
  connection: 'Username-Password-Authentication',
  api: 'https://api.example.test/',
  client: { id: 'exampleWebAppClientId0001', secret: 'example-web-app-secret-change-me-0123456789' },
  user: { email: 'jane@example.test' },
};

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the suites through tests/sdk-compat/run.sh`);
  }
  return value;
}

/** Every field of `expected` is in `actual` with the same value; objects may hold more (defaults Auth0 adds). */
export function assertEchoes(actual, expected, path = '') {
  for (const [key, value] of Object.entries(expected)) {
    const where = path ? `${path}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      assert.equal(typeof actual?.[key], 'object', `${where} is an object in ${JSON.stringify(actual)}`);
      assertEchoes(actual[key], value, where);
    } else {
      assert.deepEqual(actual?.[key], value, `${where} is echoed`);
    }
  }
}

/** Decodes a compact JWS without verifying it. */
export function decodeJwt(token) {
  const parts = token.split('.');
  assert.equal(parts.length, 3, `expected a JWT with three parts, got ${token}`);
  const json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: json(parts[0]), payload: json(parts[1]) };
}

/** The token endpoint, called directly (node-auth0 7 has no authentication client). */
export async function token(form) {
  const response = await fetch(`https://${domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: await response.json() };
}

/** A raw Management API call with the suite's own client-credentials token, for shapes an SDK does not expose. */
export async function raw(method, path, body) {
  const { body: grant } = await token({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: `https://${domain}/api/v2/` });
  const response = await fetch(`https://${domain}/api/v2/${path}`, {
    method,
    headers: { authorization: `Bearer ${grant.access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export const clientBody = (name) => ({
  name,
  description: 'Every documented client field',
  logo_uri: 'https://sdk-compat.example.test/logo.png',
  callbacks: ['https://sdk-compat.example.test/callback'],
  oidc_logout: { backchannel_logout_urls: ['https://sdk-compat.example.test/logout'], backchannel_logout_initiators: { mode: 'custom', selected_initiators: ['rp-logout'] } },
  session_transfer: { can_create_session_transfer_token: false, allowed_authentication_methods: ['cookie'], enforce_device_binding: 'ip', allow_refresh_token: false, enforce_online_refresh_tokens: true },
  allowed_origins: ['https://sdk-compat.example.test'],
  web_origins: ['https://sdk-compat.example.test'],
  client_aliases: ['sdk'],
  allowed_clients: [],
  allowed_logout_urls: ['https://sdk-compat.example.test/bye'],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
  token_endpoint_auth_method: 'client_secret_post',
  is_token_endpoint_ip_header_trusted: false,
  app_type: 'regular_web',
  is_first_party: true,
  oidc_conformant: true,
  jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600, secret_encoded: false, scopes: {} },
  encryption_key: { pub: 'pub', cert: 'cert', subject: 'CN=sdk' },
  sso: false,
  cross_origin_authentication: false,
  cross_origin_loc: 'https://sdk-compat.example.test/co',
  sso_disabled: false,
  custom_login_page_on: true,
  custom_login_page: '<html></html>',
  custom_login_page_preview: '<html></html>',
  form_template: '<form></form>',
  addons: { samlp: { audience: 'urn:sdk-compat' } },
  client_metadata: { team: 'sdk' },
  mobile: { android: { app_package_name: 'test.sdk', sha256_cert_fingerprints: ['AB:CD'] }, ios: { team_id: 'T1', app_bundle_identifier: 'test.sdk' } },
  initiate_login_uri: 'https://sdk-compat.example.test/login',
  native_social_login: { apple: { enabled: false }, facebook: { enabled: false }, google: { enabled: false } },
  fedcm_login: { google: { is_enabled: false } },
  refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', leeway: 0, token_lifetime: 86400, infinite_token_lifetime: false, idle_token_lifetime: 3600, infinite_idle_token_lifetime: false },
  default_organization: { organization_id: 'org_0123456789abcdef', flows: ['client_credentials'] },
  organization_usage: 'deny',
  organization_require_behavior: 'no_prompt',
  organization_discovery_methods: ['email'],
  require_pushed_authorization_requests: false,
  require_proof_of_possession: false,
  signed_request_object: { required: false, credentials: [] },
  compliance_level: 'none',
  skip_non_verifiable_callback_uri_confirmation_prompt: false,
  token_exchange: { allow_any_profile_of_type: ['custom_authentication'] },
  par_request_expiry: 60,
  token_quota: { client_credentials: { enforce: false, per_day: 1000, per_hour: 100 } },
  third_party_security_mode: 'strict',
  redirection_policy: 'allow_always',
  async_approval_notification_channels: ['email'],
});

export const resourceServerBody = (identifier) => ({
  name: `SDK compat API ${run}`,
  identifier,
  scopes: [{ value: 'read:things', description: 'Read things' }, { value: 'write:things', description: 'Write things' }],
  signing_alg: 'RS256',
  allow_offline_access: true,
  allow_online_access: false,
  allow_online_access_with_ephemeral_sessions: false,
  token_lifetime: 7200,
  token_dialect: 'access_token',
  // The field of issue 11's first report: node-auth0 setup scripts send it on create.
  skip_consent_for_verifiable_first_party_clients: true,
  enforce_policies: false,
  consent_policy: null,
  authorization_details: [{ type: 'payment' }],
  proof_of_possession: { mechanism: 'dpop', required: false },
  subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } },
  authorization_policy: null,
});

export const connectionBody = (name, enabledClients) => ({
  name,
  display_name: `SDK compat ${run}`,
  strategy: 'auth0',
  options: {
    strategy_version: 2,
    passwordPolicy: 'good',
    password_complexity_options: { min_length: 8 },
    password_history: { enable: false, size: 5 },
    password_dictionary: { enable: false, dictionary: [] },
    password_no_personal_info: { enable: false },
    brute_force_protection: true,
    requires_username: false,
    disable_signup: false,
    import_mode: false,
    enabledDatabaseCustomization: false,
    mfa: { active: true, return_enroll_settings: true },
    validation: { username: { min: 1, max: 15 } },
    precedence: ['email', 'username', 'phone_number'],
    authentication_methods: { password: { enabled: true, api_behavior: 'required' } },
    non_persistent_attrs: [],
  },
  enabled_clients: enabledClients,
  is_domain_connection: false,
  show_as_button: false,
  realms: [name],
  metadata: { team: 'sdk' },
  authentication: { active: true },
  connected_accounts: { active: false },
});

export const userBody = (email, connection) => ({
  connection,
  email,
  phone_number: '+15550100100',
  user_metadata: { theme: 'dark' },
  blocked: false,
  email_verified: true,
  phone_verified: false,
  app_metadata: { plan: 'free' },
  given_name: 'SDK',
  family_name: 'Compat',
  name: 'SDK Compat',
  nickname: 'sdk',
  picture: 'https://sdk-compat.example.test/avatar.png',
  user_id: `sdk-${run}-${email.split('@')[0]}`,
  password: 'Initial password for the SDK 1!',
  verify_email: false,
  username: `sdk${run}${email.length}`,
});

export const tenantBody = () => ({
  friendly_name: `SDK compat tenant ${run}`,
  picture_url: 'https://sdk-compat.example.test/logo.png',
  support_email: 'support@sdk-compat.example.test',
  support_url: 'https://sdk-compat.example.test/support',
  allowed_logout_urls: ['https://sdk-compat.example.test/bye'],
  session_lifetime: 48,
  idle_session_lifetime: 24,
  sandbox_version: '18',
  enabled_locales: ['en', 'de'],
  flags: { enable_apis_section: true, revoke_refresh_token_grant: false },
  change_password: { enabled: false, html: '' },
  error_page: { html: '', show_log_link: false, url: 'https://sdk-compat.example.test/error' },
  device_flow: { charset: 'base20', mask: '****-****' },
  session_cookie: { mode: 'persistent' },
  oidc_logout: { rp_logout_end_session_endpoint_discovery: true },
  resource_parameter_profile: 'audience',
  default_audience: '',
});

/** Bad bodies and the exact message Auth0's validator gives for each. */
export const BAD = {
  clientUnknownProperty: [{ name: 'x', colour: 'red' }, "Payload validation error: 'Additional properties not allowed: colour'."],
  clientWrongType: [{ name: 'x', is_first_party: 'yes' }, "Payload validation error: 'Expected type boolean but found type string' on property is_first_party (Whether this client a first party client (true) or not (false).)."],
  clientMissingName: [{ app_type: 'spa' }, "Payload validation error: 'Missing required property: name'."],
  clientEnum: [{ name: 'x', app_type: 'desktop' }, "Payload validation error: 'Invalid property \"desktop\"' on property app_type (The type of application this client represents)."],
  clientNested: [{ name: 'x', native_social_login: { apple: { enabled: true, team: 'x' } } }, "Payload validation error: 'Additional properties not allowed: team' on property native_social_login.apple."],
  clientMetadataSize: [{ name: 'x', client_metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) },
    "Payload validation error: 'Too many properties defined (11), maximum 10' on property client_metadata (Metadata associated with the client, in the form of an object with string values (max 255 chars).  Maximum of 10 metadata properties allowed.)."],
  resourceServerTooLong: [{ identifier: 'https://x.test/', token_lifetime: 2592001 }, "Payload validation error: 'Value 2592001 is greater than maximum 2592000' on property token_lifetime (Expiration value (in seconds) for access tokens issued for this API from the token endpoint.)."],
  resourceServerTwoErrors: [{ identifier: 'https://x.test/', name: 'a<b', signing_alg: 'ES512' },
    "Payload validation error: 'String does not match pattern ^[^<>]+$: a<b' on property name (Friendly name for this resource server. Can not contain `<` or `>` characters.). (also) Payload validation error: 'Invalid property \"ES512\"' on property signing_alg (Algorithm used to sign JWTs.)."],
  connectionName: [{ name: 'bad name', strategy: 'auth0' }, "Payload validation error: 'String does not match pattern ^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$: bad name' on property name (The name of the connection. Must start and end with an alphanumeric character and can only contain alphanumeric characters and '-'. Max length 128)."],
  connectionOptions: [{ name: 'ok-name', strategy: 'auth0', options: { validation: { requires_username: true } } }, "Payload validation error: 'Additional properties not allowed: requires_username' on property options.validation (Options for validation)."],
  userPhone: [{ connection: SEED.connection, email: 'bad@example.test', password: 'Long-enough-1!', phone_number: '555' }, "Payload validation error: 'String does not match pattern ^\\+[0-9]{1,15}$: 555' on property phone_number (The user's phone number (following the E.164 recommendation))."],
  tenantErrorPage: [{ error_page: { enabled: true } }, "Payload validation error: 'Additional properties not allowed: enabled' on property error_page (Tenant error page customization)."],
  tenantEmpty: [{}, "Payload validation error: 'Too few properties defined (0), minimum 1'."],
  grantScope: (clientId) => [{ client_id: clientId, audience: SEED.api, scope: ['fly:away'] }, 'Payload validation error: scope must be a subset of resource server scopes'],
};

// Auth0's Deploy CLI (the real `a0deploy` binary of auth0-deploy-cli@8.44.0) against Authgate, as a team moving
// from Auth0 would use it: import the tenant they exported from Auth0 (./export, YAML and directory formats, with
// keywords from ./export/config.json and the environment, `default_audience: ''`, AUTH0_INCLUDED_ONLY limited to
// what Authgate serves), log a user in to the imported application, export, and import that export again, which
// must change nothing.
//
// Run through ./run.sh, which starts two empty servers and sets:
//   AUTHGATE_YAML_DOMAIN, AUTHGATE_DIRECTORY_DOMAIN   host:port of each server (one per format)
//   AUTHGATE_CLIENT_ID, AUTHGATE_CLIENT_SECRET        the bootstrap management client (the one a0deploy uses)
//   AUTHGATE_WORK                                     a scratch directory for the exports
//   NODE_EXTRA_CA_CERTS                               the servers' self-signed certificate
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const a0deploy = path.join(here, 'node_modules', 'auth0-deploy-cli', 'lib', 'index.js');
const config = path.join(here, 'export', 'config.json');
const mappings = JSON.parse(readFileSync(config, 'utf8')).AUTH0_KEYWORD_REPLACE_MAPPINGS;

const clientId = requiredEnv('AUTHGATE_CLIENT_ID');
const clientSecret = requiredEnv('AUTHGATE_CLIENT_SECRET');
const work = requiredEnv('AUTHGATE_WORK');
const servers = {
  yaml: { domain: requiredEnv('AUTHGATE_YAML_DOMAIN'), input: path.join(here, 'export', 'yaml', 'tenant.yaml') },
  directory: { domain: requiredEnv('AUTHGATE_DIRECTORY_DOMAIN'), input: path.join(here, 'export', 'directory') },
};

const SHOP_API = 'https://api.shop.example.test/';
const USER = { email: 'ada@shop.example.test', password: 'Analytical-Engine-1843' };

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this suite through tests/deploy-cli/run.sh`);
  }
  return value;
}

/**
 * Runs the a0deploy binary as a team would (config file, credentials and domain from the environment). Asynchronous,
 * so this process keeps serving its own connections (a blocked event loop would reuse sockets the server closed).
 */
function deploy(domain, ...args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [a0deploy, ...args, '-c', config], {
      env: { ...process.env, AUTH0_DOMAIN: domain, AUTH0_CLIENT_ID: clientId, AUTH0_CLIENT_SECRET: clientSecret },
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const output = `${stdout}\n${stderr}`;
      if (error) {
        reject(new assert.AssertionError({ message: `a0deploy ${args.join(' ')} failed (exit ${error.code}):\n${output}` }));
      } else {
        resolve(output);
      }
    });
  });
}

const tokens = new Map();

async function managementToken(domain) {
  if (!tokens.has(domain)) {
    tokens.set(domain, await newManagementToken(domain));
  }
  return tokens.get(domain);
}

async function newManagementToken(domain) {
  const response = await fetch(`https://${domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: `https://${domain}/api/v2/` }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).access_token;
}

async function management(domain, method, route, body) {
  const response = await fetch(`https://${domain}/api/v2${route}`, {
    method,
    headers: { authorization: `Bearer ${await managementToken(domain)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${route}: ${response.status} ${text}`);
  return text.length > 0 ? JSON.parse(text) : undefined;
}

const byName = (a, b) => String(a.name ?? a.identifier ?? '').localeCompare(String(b.name ?? b.identifier ?? ''));

/** Everything a0deploy manages here, as the Management API answers it (the bootstrap client left out). */
async function snapshot(domain) {
  const get = (route) => management(domain, 'GET', route);
  const clients = (await get('/clients')).filter((c) => c.client_id !== clientId).sort(byName);
  const grants = (await get('/client-grants')).filter((g) => g.client_id !== clientId)
    .sort((a, b) => `${a.client_id} ${a.audience}`.localeCompare(`${b.client_id} ${b.audience}`));
  return {
    tenant: await get('/tenants/settings'),
    clients,
    resourceServers: (await get('/resource-servers')).filter((r) => !r.is_system).sort(byName),
    clientGrants: grants,
    connections: (await get('/connections')).sort(byName).map((c) => ({ ...c, enabled_clients: c.enabled_clients?.slice().sort() })),
    attackProtection: {
      bruteForceProtection: await get('/attack-protection/brute-force-protection'),
      suspiciousIpThrottling: await get('/attack-protection/suspicious-ip-throttling'),
      breachedPasswordDetection: await get('/attack-protection/breached-password-detection'),
    },
  };
}

/** A snapshot with what differs between two servers by construction (ids, secrets, times, the domain) made neutral. */
function portable(state, domain) {
  const names = new Map(state.clients.map((c) => [c.client_id, c.name]));
  const text = JSON.stringify(state, (key, value) => {
    if (['id', 'client_secret', 'signing_secret', 'created_at', 'updated_at', 'signing_keys'].includes(key)) {
      return undefined;
    }
    if (typeof value === 'string' && names.has(value)) {
      return `client:${names.get(value)}`;
    }
    if (key === 'enabled_clients' && Array.isArray(value)) {
      return value.map((id) => `client:${names.get(id) ?? id}`).sort(); // a set: its order is not part of the state
    }
    return value;
  });
  const result = JSON.parse(text.replaceAll(domain, 'DOMAIN'));
  result.clientGrants.sort((a, b) => `${a.client_id} ${a.audience}`.localeCompare(`${b.client_id} ${b.audience}`));
  return result;
}

/** Verifies an RS256 JWT against the server's JWKS and returns its payload. */
async function verifiedPayload(domain, token) {
  const [h, p, signature] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const { keys } = await (await fetch(`https://${domain}/.well-known/jwks.json`)).json();
  const jwk = keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${header.kid} is in the JWKS`);
  assert.ok(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url')), 'signature verifies');
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
}

async function token(domain, body) {
  const response = await fetch(`https://${domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  assert.equal(response.status, 200, JSON.stringify(json));
  return json;
}

const imported = {};

for (const [format, { domain, input }] of Object.entries(servers)) {
  test(`${format}: a0deploy import of the Auth0 export creates the tenant, keywords replaced`, async () => {
    const output = await deploy(domain, 'import', '-i', input);
    assert.match(output, /Import Successful/);

    const state = await snapshot(domain);
    assert.equal(state.tenant.friendly_name, mappings.TENANT_NAME, '##TENANT_NAME## from config.json');
    assert.ok(!state.tenant.default_audience, "default_audience: '' leaves the default audience unset");
    assert.ok(!state.tenant.default_directory, "default_directory: '' leaves the default directory unset");

    const client = (name) => state.clients.find((c) => c.name === name) ?? assert.fail(`client ${name} imported`);
    assert.deepEqual(client('Shop Web').callbacks, mappings.SHOP_CALLBACKS, '@@SHOP_CALLBACKS@@ inserted as an array');
    assert.deepEqual(client('Shop Web').web_origins, [mappings.SHOP_URL]);
    assert.equal(client('Shop SPA').token_endpoint_auth_method, 'none');
    assert.deepEqual(client('Inventory Service').grant_types, ['client_credentials']);

    assert.deepEqual(state.resourceServers.map((r) => r.identifier), ['https://hooks.shop.example.test/', SHOP_API]);
    const api = state.resourceServers.find((r) => r.identifier === SHOP_API);
    assert.deepEqual(api.scopes.map((s) => s.value), ['read:orders', 'write:orders']);
    assert.equal(api.allow_offline_access, true);

    const grants = state.clientGrants.map((g) => [state.clients.find((c) => c.client_id === g.client_id)?.name, g.audience, g.scope]);
    assert.deepEqual(grants.find((g) => g[0] === 'Inventory Service'), ['Inventory Service', SHOP_API, ['read:orders']], 'grant named its client by name');
    assert.equal(grants.find((g) => g[0] === 'Shop Deploy Pipeline')?.[1], `https://${domain}/api/v2/`, '##AUTH0_DOMAIN## taken from the environment');

    const connection = (name) => state.connections.find((c) => c.name === name) ?? assert.fail(`connection ${name} imported`);
    assert.deepEqual(connection('Shop-Users').enabled_clients.sort(), [client('Shop SPA').client_id, client('Shop Web').client_id].sort());
    assert.equal(connection('Shop-Users').options.passwordPolicy, 'good');
    // The scripts' configuration is write-only, as at Auth0 (stored encrypted, never echoed; a0deploy strips it on export).
    assert.equal(connection('Legacy-Users').options.configuration, undefined, 'configuration is never echoed');
    assert.match(connection('Legacy-Users').options.customScripts.login, /function login\(email, password, callback\)/, 'script file loaded');
    assert.ok(!state.connections.some((c) => c.strategy !== 'auth0'), 'only database connections (AUTH0_INCLUDED_ONLY)');

    assert.equal(state.attackProtection.bruteForceProtection.max_attempts, 10);
    imported[format] = state;
  });

  test(`${format}: a user logs in to the imported application (password-realm grant)`, async () => {
    const state = imported[format] ?? assert.fail('the import failed');
    const web = state.clients.find((c) => c.name === 'Shop Web');
    await management(domain, 'POST', '/users', { connection: 'Shop-Users', email: USER.email, password: USER.password, email_verified: true });

    const response = await token(domain, {
      grant_type: 'http://auth0.com/oauth/grant-type/password-realm',
      realm: 'Shop-Users',
      username: USER.email,
      password: USER.password,
      client_id: web.client_id,
      client_secret: web.client_secret,
      audience: SHOP_API,
      scope: 'openid email read:orders',
    });
    const access = await verifiedPayload(domain, response.access_token);
    assert.equal(access.iss, `https://${domain}/`);
    assert.ok([access.aud].flat().includes(SHOP_API), `audience ${access.aud}`);
    assert.ok(access.scope.split(' ').includes('read:orders'), `scope ${access.scope}`);
    const id = await verifiedPayload(domain, response.id_token);
    assert.equal(id.email, USER.email);
    assert.equal(id.aud, web.client_id);

    // The machine-to-machine grant, imported with the client named by name, works too.
    const m2m = state.clients.find((c) => c.name === 'Inventory Service');
    const service = await token(domain, { grant_type: 'client_credentials', client_id: m2m.client_id, client_secret: m2m.client_secret, audience: SHOP_API });
    assert.equal((await verifiedPayload(domain, service.access_token)).scope, 'read:orders');
  });

  test(`${format}: a0deploy export, then importing that export changes nothing`, async () => {
    const before = await snapshot(domain);
    const out = mkdtempSync(path.join(work, `export-${format}-`));
    await deploy(domain, 'export', '-f', format, '-o', out);
    await deploy(domain, 'import', '-i', format === 'yaml' ? path.join(out, 'tenant.yaml') : out);
    const after = await snapshot(domain);
    assert.deepEqual(after, before);
  });
}

test('both formats of the export give the same tenant', () => {
  assert.ok(imported.yaml && imported.directory, 'both imports ran');
  assert.deepEqual(portable(imported.directory, servers.directory.domain), portable(imported.yaml, servers.yaml.domain));
});

// Drives Authgate's Management API through Auth0's current Node SDK (auth0@7.1.0, the Fern-generated line): for each
// served resource, create with every documented field, read back and compare, update, list (the SDK always asks
// for totals or a checkpoint), page through, delete; Auth0's validation messages for bad bodies.
//
// Run through ../run.sh, which starts a server and sets AUTHGATE_DOMAIN, AUTHGATE_CLIENT_ID, AUTHGATE_CLIENT_SECRET
// and NODE_EXTRA_CA_CERTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { ManagementClient, ManagementError } from 'auth0';
import {
  BAD, SEED, assertEchoes, clientBody, connectionBody, decodeJwt, domain, clientId, clientSecret, raw, resourceServerBody, run, tenantBody, token, userBody,
} from '../common/fixtures.mjs';

const management = new ManagementClient({ domain, clientId, clientSecret });

/** Asserts that the SDK call rejects with Auth0's error shape: status, errorCode and exact message. */
async function rejects(promise, statusCode, errorCode, message) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ManagementError, `a ManagementError, got ${error}`);
    assert.equal(error.statusCode, statusCode, error.message);
    if (errorCode !== undefined) {
      assert.equal(error.body?.errorCode, errorCode, JSON.stringify(error.body));
    }
    if (message !== undefined) {
      assert.equal(error.body?.message, message);
    }
    assert.equal(error.body?.statusCode, statusCode);
    return true;
  });
}

/** Every item of an SDK page, following the SDK's own paging to the end. */
async function all(page) {
  const items = [];
  for await (const item of page) {
    items.push(item);
  }
  return items;
}

test('clients: every documented field, read back, update, list with totals, page through, secret, credentials, delete', async () => {
  const body = clientBody(`SDK v7 client ${run}`);
  const created = await management.clients.create(body);
  assert.ok(created.client_id);
  assert.ok(created.client_secret, 'the secret is returned on create');
  assertEchoes(created, body);
  const id = created.client_id;

  assertEchoes(await management.clients.get(id), body);
  const selected = await management.clients.get(id, { fields: 'name,app_type', include_fields: true });
  assert.deepEqual(Object.keys(selected).sort(), ['app_type', 'name']);

  const updated = await management.clients.update(id, { description: 'changed', client_metadata: { team: 'other' }, organization_usage: null, jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 600 } });
  assert.equal(updated.description, 'changed');
  assert.deepEqual(updated.client_metadata, { team: 'other' });
  assert.equal(updated.organization_usage, undefined, 'null clears the field');
  assert.equal(updated.jwt_configuration.lifetime_in_seconds, 600);
  assert.equal(updated.logo_uri, body.logo_uri, 'fields the PATCH leaves out are kept');

  const first = await management.clients.list({ per_page: 2 });
  assert.equal(first.data.length, 2);
  assert.equal(first.response.limit, 2);
  assert.ok(first.response.total >= 3, `total counts every client (got ${first.response.total})`);
  const everyone = await all(await management.clients.list({ per_page: 2 }));
  assert.equal(everyone.length, first.response.total, 'paging through reaches every client once');
  assert.equal(new Set(everyone.map((c) => c.client_id)).size, everyone.length);
  assert.ok(everyone.some((c) => c.client_id === id));

  const rotated = await management.clients.rotateSecret(id);
  assert.notEqual(rotated.client_secret, created.client_secret);

  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });
  const credential = await management.clients.credentials.create(id, { credential_type: 'public_key', name: 'v7 key', pem, alg: 'RS256' });
  assert.equal(credential.credential_type, 'public_key');
  assert.deepEqual((await management.clients.credentials.list(id)).map((c) => c.id), [credential.id]);
  assert.equal((await management.clients.credentials.get(id, credential.id)).id, credential.id);
  await management.clients.credentials.delete(id, credential.id);

  await management.clients.delete(id);
  await rejects(management.clients.get(id), 404, 'inexistent_client');
});

test('clients: validation messages are Auth0\'s', async () => {
  for (const [body, message] of [BAD.clientUnknownProperty, BAD.clientWrongType, BAD.clientMissingName, BAD.clientEnum, BAD.clientNested, BAD.clientMetadataSize]) {
    await rejects(management.clients.create(body), 400, 'invalid_body', message);
  }
  await rejects(management.clients.update(SEED.client.id, {}), 400, 'invalid_body', "Payload validation error: 'Too few properties defined (0), minimum 1'.");
});

test('resource servers: every documented field (skip_consent included), identifier kept, list with totals, identifiers filter, delete', async () => {
  const identifier = `https://sdk-v7-${run}.example.test/`;
  const body = resourceServerBody(identifier);
  const created = await management.resourceServers.create(body);
  const expected = { ...body };
  delete expected.consent_policy;
  delete expected.authorization_policy;
  assertEchoes(created, expected);
  assert.equal(created.is_system, false);
  assertEchoes(await management.resourceServers.get(created.id), expected);
  assertEchoes(await management.resourceServers.get(identifier), expected);

  const updated = await management.resourceServers.update(created.id, { token_lifetime: 600, scopes: [{ value: 'read:things' }] });
  assert.equal(updated.token_lifetime, 600);
  assert.deepEqual(updated.scopes, [{ value: 'read:things' }]);
  assert.equal(updated.identifier, identifier);
  await rejects(management.resourceServers.update(created.id, { identifier: 'https://other.example.test/' }), 400, 'invalid_body',
    "Payload validation error: 'Additional properties not allowed: identifier'.");

  const page = await management.resourceServers.list({ per_page: 1 });
  assert.equal(page.data.length, 1);
  assert.ok(page.response.total >= 3);
  const everything = await all(await management.resourceServers.list({ per_page: 1 }));
  assert.ok(everything.some((r) => r.identifier === identifier) && everything.some((r) => r.is_system));
  const filtered = await management.resourceServers.list({ identifiers: [identifier, SEED.api] });
  assert.deepEqual(filtered.data.map((r) => r.identifier).sort(), [SEED.api, identifier].sort());

  for (const [bad, message] of [BAD.resourceServerTooLong, BAD.resourceServerTwoErrors]) {
    await rejects(management.resourceServers.create(bad), 400, 'invalid_body', message);
  }

  await management.resourceServers.delete(created.id);
  await rejects(management.resourceServers.get(created.id), 404, 'inexistent_resource_server');
});

test('client grants: create, checkpoint list, update, the grant works, validation, delete', async () => {
  const client = await management.clients.create({ name: `SDK v7 M2M ${run}`, app_type: 'non_interactive', grant_types: ['client_credentials'] });
  try {
    const created = await management.clientGrants.create({ client_id: client.client_id, audience: SEED.api, scope: ['read:sample'], allow_any_organization: false, organization_usage: 'deny', authorization_details_types: [] });
    assertEchoes(created, { client_id: client.client_id, audience: SEED.api, scope: ['read:sample'], subject_type: 'client', allow_any_organization: false, organization_usage: 'deny' });

    const page = await management.clientGrants.list({ client_id: client.client_id });
    assert.deepEqual(page.data.map((g) => g.id), [created.id]);
    const grants = await all(await management.clientGrants.list({ take: 1 }));
    assert.ok(grants.length >= 2 && grants.some((g) => g.id === created.id), 'the checkpoint pages reach every grant');

    const updated = await management.clientGrants.update(created.id, { scope: ['read:sample', 'write:sample'] });
    assert.deepEqual([...updated.scope].sort(), ['read:sample', 'write:sample']);
    await rejects(management.clientGrants.update(created.id, { audience: 'https://other.example.test/' }), 400, 'invalid_body',
      "Payload validation error: 'Additional properties not allowed: audience'.");

    const { status, body } = await token({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, audience: SEED.api });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(decodeJwt(body.access_token).payload.scope.split(' ').sort(), ['read:sample', 'write:sample']);

    const [bad, message] = BAD.grantScope(client.client_id);
    await rejects(management.clientGrants.create({ ...bad, audience: 'https://other-v7.example.test/' }), 404, 'inexistent_resource_server');
    await management.clientGrants.delete(created.id);
    await rejects(management.clientGrants.create(bad), 400, 'invalid_body', message);
  } finally {
    await management.clients.delete(client.client_id);
  }
});

test('connections: every documented field, checkpoint list, enabled clients, update, validation, delete', async () => {
  const name = `sdk-v7-db-${run}`;
  const body = connectionBody(name, [SEED.client.id]);
  const created = await management.connections.create(body);
  assertEchoes(created, body);
  assertEchoes(await management.connections.get(created.id), body);

  const listed = await all(await management.connections.list({ take: 1 }));
  assert.ok(listed.some((c) => c.id === created.id) && listed.some((c) => c.name === SEED.connection));
  assert.deepEqual((await management.connections.list({ name })).data.map((c) => c.id), [created.id]);

  const updated = await management.connections.update(created.id, { options: { passwordPolicy: 'fair' }, display_name: 'Renamed' });
  assert.deepEqual(updated.options, { passwordPolicy: 'fair' }, 'options are replaced whole');
  assert.equal(updated.display_name, 'Renamed');

  await management.connections.clients.update(created.id, [{ client_id: SEED.client.id, status: false }]);
  assert.deepEqual((await management.connections.clients.get(created.id)).data, []);
  await management.connections.clients.update(created.id, [{ client_id: SEED.client.id, status: true }]);
  assert.deepEqual((await management.connections.clients.get(created.id)).data.map((c) => c.client_id), [SEED.client.id]);

  for (const [bad, message] of [BAD.connectionName, BAD.connectionOptions]) {
    await rejects(management.connections.create(bad), 400, 'invalid_body', message);
  }
  await rejects(management.connections.update(created.id, { strategy: 'auth0' }), 400, 'invalid_body', "Payload validation error: 'Additional properties not allowed: strategy'.");

  await management.connections.delete(created.id);
  await rejects(management.connections.get(created.id), 404, 'inexistent_connection');
});

test('users: every documented field, search, list with totals, page through, update, login, delete', async () => {
  const email = `sdk-v7-${run}@example.test`;
  const body = userBody(email, SEED.connection);
  const created = await management.users.create(body);
  const expected = { ...body };
  for (const key of ['password', 'connection', 'verify_email', 'user_id']) {
    delete expected[key];
  }
  assertEchoes(created, expected);
  assert.equal(created.user_id, `auth0|${body.user_id}`);
  assert.equal(created.identities[0].connection, SEED.connection);
  assertEchoes(await management.users.get(created.user_id), expected);

  const found = await management.users.list({ q: `email:"${email}"` });
  assert.deepEqual(found.data.map((u) => u.user_id), [created.user_id]);
  assert.deepEqual((await management.users.listUsersByEmail({ email })).map((u) => u.user_id), [created.user_id]);
  const everyone = await all(await management.users.list({ per_page: 1 }));
  assert.ok(everyone.length >= 2 && everyone.some((u) => u.user_id === created.user_id));

  const updated = await management.users.update(created.user_id, { user_metadata: { lang: 'de' }, given_name: null, password: 'Changed password for the SDK 2!' });
  assert.deepEqual(updated.user_metadata, { theme: 'dark', lang: 'de' }, 'user_metadata is merged');
  assert.equal(updated.given_name, undefined);
  const login = await token({ grant_type: 'password', username: email, password: 'Changed password for the SDK 2!', client_id: SEED.client.id, client_secret: SEED.client.secret, audience: SEED.api });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  assert.equal(decodeJwt(login.body.access_token).payload.sub, created.user_id);

  const [bad, message] = BAD.userPhone;
  await rejects(management.users.create(bad), 400, 'invalid_body', message);

  await management.users.delete(created.user_id);
  await rejects(management.users.get(created.user_id), 404, 'inexistent_user');
});

test('tenant settings: every documented field, empty default_audience, validation', async () => {
  const before = await management.tenants.settings.get();
  try {
    const body = tenantBody();
    const updated = await management.tenants.settings.update(body);
    assertEchoes(updated, body);
    assertEchoes(await management.tenants.settings.get(), body);
    assert.equal((await management.tenants.settings.get({ fields: 'default_directory' })).default_directory, SEED.connection);
    for (const [bad, message] of [BAD.tenantErrorPage, BAD.tenantEmpty]) {
      await rejects(management.tenants.settings.update(bad), 400, 'invalid_body', message);
    }
  } finally {
    await management.tenants.settings.update({ friendly_name: before.friendly_name, default_audience: before.default_audience, flags: { enable_apis_section: false } });
  }
});

test('attack protection: all three settings, stages merged', async () => {
  const brute = { enabled: true, shields: ['block', 'user_notification'], allowlist: ['10.0.0.0/8'], mode: 'count_per_identifier_and_ip', max_attempts: 10 };
  assertEchoes(await management.attackProtection.bruteForceProtection.update(brute), brute);
  assertEchoes(await management.attackProtection.bruteForceProtection.get(), brute);

  const suspicious = await management.attackProtection.suspiciousIpThrottling.update({ stage: { 'pre-login': { max_attempts: 100, rate: 864000 } } });
  assert.equal(suspicious.stage['pre-login'].max_attempts, 100);
  assert.ok(suspicious.stage['pre-user-registration'], 'stages the PATCH leaves out are kept');

  const breached = { enabled: false, shields: [], admin_notification_frequency: [], method: 'standard', stage: { 'pre-user-registration': { shields: [] }, 'pre-change-password': { shields: [] } } };
  assertEchoes(await management.attackProtection.breachedPasswordDetection.update(breached), breached);

  await rejects(management.attackProtection.bruteForceProtection.update({ max_attempts: 0 }), 400, 'invalid_body',
    "Payload validation error: 'Value 0 is less than minimum 1' on property max_attempts (Maximum number of unsuccessful attempts.).");
});

test('signing keys, logs and user blocks through the SDK', async () => {
  const keys = await management.keys.signing.list();
  assert.ok(keys.some((k) => k.current));
  const current = keys.find((k) => k.current);
  assert.equal((await management.keys.signing.get(current.kid)).kid, current.kid);

  const logs = await management.logs.list({ per_page: 5 });
  assert.ok(Array.isArray(logs.data));
  assert.equal(typeof logs.response.total, 'number');

  const blocks = await management.userBlocks.listByIdentifier({ identifier: SEED.user.email });
  assert.ok(Array.isArray(blocks.blocked_for));
});

test('raw answers: bare arrays without totals, rate-limit headers, unknown routes', async () => {
  const bare = await raw('GET', 'clients');
  assert.equal(bare.status, 200);
  assert.ok(Array.isArray(bare.body), 'without include_totals a list is a bare array');
  for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
    assert.match(bare.headers.get(header) ?? '', /^\d+$/, header);
  }

  const unknown = await raw('GET', 'organizations');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.statusCode, 404);
  assert.equal(unknown.body.error, 'Not Found');
  assert.equal(unknown.body.message, 'Not Found');
  assert.match(unknown.headers.get('x-ratelimit-limit') ?? '', /^\d+$/);

  const { data, rawResponse } = await management.clients.get(SEED.client.id).withRawResponse();
  assert.equal(data.client_id, SEED.client.id);
  assert.match(rawResponse.headers.get('x-ratelimit-remaining') ?? '', /^\d+$/);
});

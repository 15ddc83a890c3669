// Drives Authgate's Management API v2 and Authentication API through Auth0's Node SDK 4.x (auth0@4.37.0, the
// OpenAPI-generator line, for callers still on it): every resource is created with every documented field, read,
// listed as the bare arrays v4 expects and with totals, paged, updated and deleted with ManagementClient, and users
// log in with AuthenticationClient.
//
// Run through ../run.sh, which starts a server and sets:
//   AUTHGATE_DOMAIN          host:port of the server (the SDK always uses https://{domain})
//   AUTHGATE_CLIENT_ID       the bootstrap management client (client_credentials, every scope)
//   AUTHGATE_CLIENT_SECRET
//   NODE_EXTRA_CA_CERTS      the server's self-signed certificate
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { ManagementClient, AuthenticationClient } from 'auth0';
import {
  BAD, SEED, assertEchoes, clientBody, connectionBody, domain, clientId, clientSecret, resourceServerBody, run, tenantBody, userBody,
} from '../common/fixtures.mjs';

const management = new ManagementClient({ domain, clientId, clientSecret });

/** Decodes a compact JWS without verifying it (the SDK verifies ID tokens itself). */
function decodeJwt(token) {
  const parts = token.split('.');
  assert.equal(parts.length, 3, `expected a JWT with three parts, got ${token}`);
  const json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: json(parts[0]), payload: json(parts[1]) };
}

/** Verifies an RS256 JWT's signature against the server's published JWKS. */
async function assertSignedByServer(token) {
  const { header } = decodeJwt(token);
  assert.equal(header.alg, 'RS256');
  const response = await fetch(`https://${domain}/.well-known/jwks.json`);
  assert.equal(response.status, 200);
  const { keys } = await response.json();
  const jwk = keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${header.kid} is published in the JWKS`);
  const [h, p, signature] = token.split('.');
  const valid = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'));
  assert.ok(valid, 'the JWT signature verifies against the JWKS');
}

/** Asserts that the SDK call rejects with a Management API error of the given HTTP status. */
async function rejectsWithStatus(promise, statusCode) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.statusCode, statusCode, `expected statusCode ${statusCode}, got ${error.statusCode}: ${error.message}`);
    return true;
  });
}

/** A password-realm login as the seeded web app, into the seeded connection and API. */
function login(username, password, scope = 'openid') {
  const auth = new AuthenticationClient({ domain, clientId: SEED.client.id, clientSecret: SEED.client.secret });
  return auth.oauth.passwordGrant({ username, password, realm: SEED.connection, audience: SEED.api, scope });
}

/** Polls logs.getAll until a log event matches, since the server writes them asynchronously. */
async function findLog(predicate, query = {}) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { data: logs } = await management.logs.getAll({ per_page: 100, sort: 'date:-1', ...query });
    const found = logs.find(predicate);
    if (found || Date.now() > deadline) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('clients: create, get, getAll, update, rotate secret, credentials, delete', async () => {
  const { data: created, status } = await management.clients.create({
    name: `SDK compat web app ${run}`,
    app_type: 'regular_web',
    callbacks: ['https://sdk-compat.example.test/callback'],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_method: 'client_secret_post',
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600 },
    refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 86400, idle_token_lifetime: 3600 },
  });
  assert.equal(status, 201);
  assert.ok(created.client_id, 'client_id is returned');
  assert.ok(created.client_secret, 'client_secret is returned on create');
  assert.equal(created.name, `SDK compat web app ${run}`);
  assert.equal(created.app_type, 'regular_web');
  assert.deepEqual(created.callbacks, ['https://sdk-compat.example.test/callback']);
  assert.equal(created.token_endpoint_auth_method, 'client_secret_post');
  assert.equal(created.jwt_configuration.alg, 'RS256');
  assert.equal(created.jwt_configuration.lifetime_in_seconds, 3600);
  assert.equal(created.refresh_token.rotation_type, 'rotating');
  const id = created.client_id;

  const { data: fetched } = await management.clients.get({ client_id: id });
  assert.equal(fetched.client_id, id);
  assert.equal(fetched.name, created.name);
  assert.deepEqual(fetched.grant_types, created.grant_types);

  const { data: all } = await management.clients.getAll();
  assert.ok(Array.isArray(all), 'getAll without include_totals returns an array');
  assert.ok(all.some((c) => c.client_id === id), 'the new client is listed');
  assert.ok(all.some((c) => c.client_id === SEED.client.id), 'the seeded client is listed');

  const { data: page } = await management.clients.getAll({ include_totals: true, page: 0, per_page: 1 });
  assert.equal(page.clients.length, 1);
  assert.equal(page.start, 0);
  assert.equal(page.limit, 1);
  assert.ok(page.total >= 3, `total counts every client (got ${page.total})`);

  const { data: updated } = await management.clients.update(
    { client_id: id },
    { name: `SDK compat web app ${run} (renamed)`, callbacks: ['https://sdk-compat.example.test/cb2'], jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 600 } },
  );
  assert.equal(updated.name, `SDK compat web app ${run} (renamed)`);
  assert.deepEqual(updated.callbacks, ['https://sdk-compat.example.test/cb2']);
  assert.equal(updated.jwt_configuration.lifetime_in_seconds, 600);
  assert.equal(updated.app_type, 'regular_web', 'fields not in the patch are kept');

  const { data: rotated } = await management.clients.rotateClientSecret({ client_id: id });
  assert.equal(rotated.client_id, id);
  assert.ok(rotated.client_secret, 'a new secret is returned');
  assert.notEqual(rotated.client_secret, created.client_secret);

  // private_key_jwt credentials.
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const { data: credential, status: credentialStatus } = await management.clients.createCredential(
    { client_id: id },
    { credential_type: 'public_key', name: 'sdk-compat key', pem, alg: 'RS256' },
  );
  assert.equal(credentialStatus, 201);
  assert.ok(credential.id, 'credential id is returned');
  assert.equal(credential.credential_type, 'public_key');
  assert.equal(credential.alg, 'RS256');
  assert.ok(credential.kid, 'credential kid is returned');

  const { data: credentials } = await management.clients.getCredentials({ client_id: id });
  assert.deepEqual(credentials.map((c) => c.id), [credential.id]);

  const { data: one } = await management.clients.getCredential({ client_id: id, credential_id: credential.id });
  assert.equal(one.id, credential.id);

  await management.clients.deleteCredential({ client_id: id, credential_id: credential.id });
  assert.deepEqual((await management.clients.getCredentials({ client_id: id })).data, []);

  // A client created with private_key_jwt credentials inline.
  const { publicKey: inlineKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { data: pkjwt } = await management.clients.create({
    name: `SDK compat private_key_jwt ${run}`,
    app_type: 'non_interactive',
    grant_types: ['client_credentials'],
    jwt_configuration: { alg: 'RS256' },
    client_authentication_methods: {
      private_key_jwt: {
        credentials: [{ credential_type: 'public_key', name: 'inline', pem: inlineKey.export({ type: 'spki', format: 'pem' }), alg: 'RS256' }],
      },
    },
  });
  assert.equal(pkjwt.client_authentication_methods?.private_key_jwt?.credentials?.length, 1);
  await management.clients.delete({ client_id: pkjwt.client_id });

  const { status: deleteStatus } = await management.clients.delete({ client_id: id });
  assert.equal(deleteStatus, 204);
  await rejectsWithStatus(management.clients.get({ client_id: id }), 404);
});

test('errors: an unknown client rejects with statusCode 404', async () => {
  await assert.rejects(management.clients.get({ client_id: 'no-such-client-' + run }), (error) => {
    assert.equal(error.statusCode, 404);
    assert.equal(error.name, 'ManagementApiError');
    assert.equal(error.error, 'Not Found');
    assert.equal(error.errorCode, 'inexistent_client');
    assert.match(error.message, /client/i);
    return true;
  });
});

test('resource servers: create, get, getAll, update, delete', async () => {
  const identifier = `https://sdk-compat-${run}.example.test/`;
  const { data: created, status } = await management.resourceServers.create({
    name: `SDK compat API ${run}`,
    identifier,
    signing_alg: 'RS256',
    token_lifetime: 7200,
    allow_offline_access: false,
    scopes: [{ value: 'read:things', description: 'Read things' }],
  });
  assert.equal(status, 201);
  assert.ok(created.id, 'id is returned');
  assert.equal(created.identifier, identifier);
  assert.equal(created.signing_alg, 'RS256');
  assert.equal(created.token_lifetime, 7200);
  assert.deepEqual(created.scopes, [{ value: 'read:things', description: 'Read things' }]);

  const { data: fetched } = await management.resourceServers.get({ id: created.id });
  assert.equal(fetched.identifier, identifier);
  assert.equal(fetched.name, created.name);

  const { data: all } = await management.resourceServers.getAll();
  assert.ok(all.some((r) => r.id === created.id), 'the new API is listed');
  assert.ok(all.some((r) => r.identifier === SEED.api), 'the seeded API is listed');

  const { data: page } = await management.resourceServers.getAll({ include_totals: true, per_page: 50 });
  assert.ok(Array.isArray(page.resource_servers));
  assert.ok(page.total >= 2);

  const { data: updated } = await management.resourceServers.update(
    { id: created.id },
    {
      name: `SDK compat API ${run} (renamed)`,
      token_lifetime: 3600,
      allow_offline_access: true,
      scopes: [
        { value: 'read:things', description: 'Read things' },
        { value: 'write:things', description: 'Write things' },
      ],
    },
  );
  assert.equal(updated.name, `SDK compat API ${run} (renamed)`);
  assert.equal(updated.token_lifetime, 3600);
  assert.equal(updated.allow_offline_access, true);
  assert.deepEqual(updated.scopes.map((s) => s.value).sort(), ['read:things', 'write:things']);
  assert.equal(updated.identifier, identifier, 'the identifier is kept');

  const { status: deleteStatus } = await management.resourceServers.delete({ id: created.id });
  assert.equal(deleteStatus, 204);
  await rejectsWithStatus(management.resourceServers.get({ id: created.id }), 404);
});

test('client grants: create, getAll, update, delete', async () => {
  const { data: client } = await management.clients.create({
    name: `SDK compat M2M ${run}`,
    app_type: 'non_interactive',
    grant_types: ['client_credentials'],
  });

  try {
    const { data: created, status } = await management.clientGrants.create({
      client_id: client.client_id,
      audience: SEED.api,
      scope: ['read:sample'],
    });
    assert.equal(status, 201);
    assert.ok(created.id, 'grant id is returned');
    assert.equal(created.client_id, client.client_id);
    assert.equal(created.audience, SEED.api);
    assert.deepEqual(created.scope, ['read:sample']);

    const { data: byClient } = await management.clientGrants.getAll({ client_id: client.client_id });
    assert.deepEqual(byClient.map((g) => g.id), [created.id]);

    const { data: byAudience } = await management.clientGrants.getAll({ audience: SEED.api });
    assert.ok(byAudience.some((g) => g.id === created.id));

    const { data: page } = await management.clientGrants.getAll({ include_totals: true, client_id: client.client_id });
    assert.equal(page.total, 1);
    assert.equal(page.client_grants[0].id, created.id);

    const { data: updated } = await management.clientGrants.update({ id: created.id }, { scope: ['read:sample', 'write:sample'] });
    assert.equal(updated.id, created.id);
    assert.deepEqual([...updated.scope].sort(), ['read:sample', 'write:sample']);

    // The grant works: the client gets a token for the API with the granted scopes.
    const auth = new AuthenticationClient({ domain, clientId: client.client_id, clientSecret: client.client_secret });
    const { data: token } = await auth.oauth.clientCredentialsGrant({ audience: SEED.api });
    const { payload } = decodeJwt(token.access_token);
    assert.equal(payload.aud, SEED.api);
    assert.deepEqual(payload.scope.split(' ').sort(), ['read:sample', 'write:sample']);

    const { status: deleteStatus } = await management.clientGrants.delete({ id: created.id });
    assert.equal(deleteStatus, 204);
    assert.deepEqual((await management.clientGrants.getAll({ client_id: client.client_id })).data, []);
    await rejectsWithStatus(management.clientGrants.delete({ id: created.id }), 404);
  } finally {
    await management.clients.delete({ client_id: client.client_id });
  }
});

test('connections: create, get, getAll, update, enabled clients, delete', async () => {
  const { data: client } = await management.clients.create({
    name: `SDK compat SPA ${run}`,
    app_type: 'non_interactive',
    grant_types: ['client_credentials'],
  });

  try {
    const name = `sdk-compat-db-${run}`;
    const { data: created, status } = await management.connections.create({
      name,
      strategy: 'auth0',
      enabled_clients: [],
      options: { passwordPolicy: 'good', brute_force_protection: true },
    });
    assert.equal(status, 201);
    assert.ok(created.id, 'connection id is returned');
    assert.equal(created.name, name);
    assert.equal(created.strategy, 'auth0');
    assert.deepEqual(created.enabled_clients, []);
    assert.equal(created.options.passwordPolicy, 'good');

    const { data: fetched } = await management.connections.get({ id: created.id });
    assert.equal(fetched.name, name);
    assert.equal(fetched.strategy, 'auth0');

    const { data: all } = await management.connections.getAll();
    assert.ok(all.some((c) => c.id === created.id), 'the new connection is listed');
    assert.ok(all.some((c) => c.name === SEED.connection), 'the seeded connection is listed');

    const { data: byName } = await management.connections.getAll({ name });
    assert.deepEqual(byName.map((c) => c.id), [created.id]);

    const { data: byStrategy } = await management.connections.getAll({ strategy: ['auth0'] });
    assert.ok(byStrategy.some((c) => c.id === created.id));

    // Enabling a client through enabled_clients.
    const { data: enabled } = await management.connections.update({ id: created.id }, { enabled_clients: [client.client_id] });
    assert.deepEqual(enabled.enabled_clients, [client.client_id]);
    assert.deepEqual((await management.connections.get({ id: created.id })).data.enabled_clients, [client.client_id]);

    const { data: updated } = await management.connections.update({ id: created.id }, { options: { passwordPolicy: 'fair' } });
    assert.equal(updated.options.passwordPolicy, 'fair');
    assert.equal(updated.name, name, 'the name is kept');

    // Enabling and disabling through PATCH /connections/{id}/clients.
    await management.connections.updateEnabledClients({ id: created.id }, [{ client_id: client.client_id, status: false }]);
    assert.deepEqual((await management.connections.get({ id: created.id })).data.enabled_clients, []);
    await management.connections.updateEnabledClients({ id: created.id }, [{ client_id: client.client_id, status: true }]);
    const { data: enabledClients } = await management.connections.getEnabledClients({ id: created.id });
    assert.deepEqual(enabledClients.clients.map((c) => c.client_id), [client.client_id]);

    const { status: deleteStatus } = await management.connections.delete({ id: created.id });
    assert.ok(deleteStatus === 202 || deleteStatus === 204, `delete answers 202 or 204 (got ${deleteStatus})`);
    await rejectsWithStatus(management.connections.get({ id: created.id }), 404);
  } finally {
    await management.clients.delete({ client_id: client.client_id });
  }
});

test('users: create, get, getAll by email, update (blocked, password), delete', async () => {
  const email = `sdk-compat-${run}@example.test`;
  const { data: created, status } = await management.users.create({
    connection: SEED.connection,
    email,
    username: `sdkcompat${run}`,
    password: 'Initial password for the SDK 1!',
    email_verified: true,
    name: 'SDK Compat',
    given_name: 'SDK',
    family_name: 'Compat',
    nickname: 'sdk',
    picture: 'https://sdk-compat.example.test/avatar.png',
    user_metadata: { theme: 'dark' },
    app_metadata: { plan: 'free' },
  });
  assert.equal(status, 201);
  assert.match(created.user_id, /^auth0\|/);
  assert.equal(created.email, email);
  assert.equal(created.email_verified, true);
  assert.equal(created.username, `sdkcompat${run}`);
  assert.equal(created.given_name, 'SDK');
  assert.deepEqual(created.user_metadata, { theme: 'dark' });
  assert.deepEqual(created.app_metadata, { plan: 'free' });
  assert.equal(created.identities?.[0]?.connection, SEED.connection);
  assert.equal(created.password, undefined, 'the password is never returned');
  const id = created.user_id;

  const { data: fetched } = await management.users.get({ id });
  assert.equal(fetched.user_id, id);
  assert.equal(fetched.email, email);
  assert.equal(fetched.name, 'SDK Compat');

  const { data: found } = await management.users.getAll({ q: `email:"${email}"` });
  assert.deepEqual(found.map((u) => u.user_id), [id]);

  const { data: page } = await management.users.getAll({ include_totals: true, per_page: 1, page: 0 });
  assert.equal(page.users.length, 1);
  assert.ok(page.total >= 2, `total counts every user (got ${page.total})`);

  const { data: blocked } = await management.users.update({ id }, { blocked: true, user_metadata: { lang: 'en' } });
  assert.equal(blocked.blocked, true);
  assert.deepEqual(blocked.user_metadata, { theme: 'dark', lang: 'en' }, 'user_metadata is merged');
  await assert.rejects(login(email, 'Initial password for the SDK 1!'), (error) => {
    assert.equal(error.statusCode, 401);
    assert.equal(error.error, 'unauthorized');
    assert.equal(error.error_description, 'user is blocked');
    return true;
  });

  const { data: unblocked } = await management.users.update({ id }, { blocked: false, password: 'Changed password for the SDK 2!' });
  assert.equal(unblocked.blocked, false);
  const { data: tokens } = await login(email, 'Changed password for the SDK 2!');
  assert.equal(decodeJwt(tokens.access_token).payload.sub, id, 'the new password logs in');
  await rejectsWithStatus(login(email, 'Initial password for the SDK 1!'), 403);

  const { status: deleteStatus } = await management.users.delete({ id });
  assert.equal(deleteStatus, 204);
  await rejectsWithStatus(management.users.get({ id }), 404);
});

test('users by email: usersByEmail.getByEmail', async () => {
  const { data: users } = await management.usersByEmail.getByEmail({ email: SEED.user.email });
  assert.equal(users.length, 1);
  assert.equal(users[0].email, SEED.user.email);
  assert.equal(users[0].username, 'jane');

  const { data: none } = await management.usersByEmail.getByEmail({ email: `nobody-${run}@example.test` });
  assert.deepEqual(none, []);
});

test('tenant settings: getSettings, updateSettings (default_directory)', async () => {
  const { data: before } = await management.tenants.getSettings();
  assert.equal(before.default_directory, SEED.connection);

  try {
    const { data: cleared } = await management.tenants.updateSettings({ default_directory: '' });
    assert.equal(cleared.default_directory, '');
    assert.equal((await management.tenants.getSettings()).data.default_directory, '');

    const { data: renamed } = await management.tenants.updateSettings({ friendly_name: `SDK compat tenant ${run}` });
    assert.equal(renamed.friendly_name, `SDK compat tenant ${run}`);
  } finally {
    const { data: restored } = await management.tenants.updateSettings({
      default_directory: before.default_directory,
      friendly_name: before.friendly_name,
    });
    assert.equal(restored.default_directory, SEED.connection);
  }
});

test('signing keys: keys.getAll, keys.rotate', async () => {
  const { data: before } = await management.keys.getAll();
  assert.ok(Array.isArray(before) && before.length >= 1, 'at least one signing key');
  const current = before.find((k) => k.current);
  assert.ok(current, 'one key is current');
  assert.ok(current.kid);
  assert.match(current.pem ?? current.cert, /-----BEGIN/);

  const { data: rotated, status } = await management.keys.rotate();
  assert.ok(status === 200 || status === 201, `rotate answers 200 or 201 (got ${status})`);
  assert.ok(rotated.kid, 'the rotation returns the new key id');
  assert.notEqual(rotated.kid, current.kid);

  const { data: after } = await management.keys.getAll();
  assert.equal(after.find((k) => k.current)?.kid, rotated.kid, 'the new key is current');
  assert.ok(after.some((k) => k.kid === current.kid && k.previous), 'the old key is kept as previous');

  const { data: one } = await management.keys.get({ kid: rotated.kid });
  assert.equal(one.kid, rotated.kid);
});

test('logs: logs.getAll, logs.get', async () => {
  // Creating a resource server is audited as a successful API operation ("sapi").
  const { data: api } = await management.resourceServers.create({
    name: `SDK compat logged API ${run}`,
    identifier: `https://sdk-compat-logs-${run}.example.test/`,
  });
  await management.resourceServers.delete({ id: api.id });

  const found = await findLog((l) => l.type === 'sapi' && /resource server/i.test(l.description ?? ''), { q: 'type:sapi' });
  assert.ok(found, 'an sapi log event for the resource server is listed');
  assert.ok(found.log_id, 'log_id is set');
  assert.ok(found.date, 'date is set');
  assert.equal(found.client_id, clientId, 'the management client is recorded');

  const { data: one } = await management.logs.get({ id: found.log_id });
  assert.equal(one.log_id, found.log_id);
  assert.equal(one.type, 'sapi');

  const { data: page } = await management.logs.getAll({ include_totals: true, per_page: 2, page: 0 });
  assert.ok(page.logs.length <= 2);
  assert.ok(page.total >= 1);

  await rejectsWithStatus(management.logs.get({ id: `no-such-log-${run}` }), 404);
});

test('authentication: password-realm login for a user created through the Management API', async () => {
  const email = `sdk-compat-login-${run}@example.test`;
  const password = 'Login password for the SDK 3!';
  const { data: user } = await management.users.create({ connection: SEED.connection, email, password, email_verified: true });

  try {
    const auth = new AuthenticationClient({ domain, clientId: SEED.client.id, clientSecret: SEED.client.secret });
    const { data: tokens } = await auth.oauth.passwordGrant({
      username: email,
      password,
      realm: SEED.connection,
      audience: SEED.api,
      scope: 'openid profile email read:sample',
    });
    assert.ok(tokens.access_token, 'an access token is returned');
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.expires_in > 0);

    const access = decodeJwt(tokens.access_token);
    assert.equal(access.header.alg, 'RS256');
    assert.equal(access.payload.iss, `https://${domain}/`);
    assert.equal(access.payload.sub, user.user_id);
    assert.ok([access.payload.aud].flat().includes(SEED.api), 'the API is an audience');
    assert.ok(access.payload.scope.split(' ').includes('read:sample'), `read:sample is granted (scope: ${access.payload.scope})`);
    await assertSignedByServer(tokens.access_token);

    // The SDK already verified the ID token's signature against /.well-known/jwks.json.
    assert.ok(tokens.id_token, 'an ID token is returned for the openid scope');
    const id = decodeJwt(tokens.id_token);
    assert.equal(id.payload.sub, user.user_id);
    assert.equal(id.payload.aud, SEED.client.id);
    assert.equal(id.payload.email, email);

    // A wrong password is refused with the OAuth error the SDK surfaces.
    await assert.rejects(
      auth.oauth.passwordGrant({ username: email, password: 'wrong password', realm: SEED.connection, audience: SEED.api }),
      (error) => {
        assert.equal(error.statusCode, 403);
        assert.equal(error.error, 'invalid_grant');
        return true;
      },
    );

    const success = await findLog((l) => l.type === 's' && l.user_id === user.user_id);
    assert.ok(success, 'the successful login is logged');
    assert.equal(success.client_id, SEED.client.id);
  } finally {
    await management.users.delete({ id: user.user_id });
  }
});

/** Asserts Auth0's error shape as node-auth0 4 surfaces it (ManagementApiError). */
async function rejectsWith(promise, statusCode, errorCode, message) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.name, 'ManagementApiError', String(error));
    assert.equal(error.statusCode, statusCode, error.message);
    assert.equal(error.errorCode, errorCode);
    assert.equal(error.message, message);
    return true;
  });
}

/** Every item of a v4 list, page by page (v4 sends page and per_page as given and gets bare arrays). */
async function everyPage(list, query = {}) {
  const items = [];
  for (let page = 0; ; page++) {
    const { data } = await list({ ...query, page, per_page: 2 });
    assert.ok(Array.isArray(data), 'without include_totals a list is a bare array');
    items.push(...data);
    if (data.length < 2) {
      return items;
    }
  }
}

test('every documented field: clients, resource servers, connections, users and tenant settings round-trip through v4', async () => {
  const { data: client } = await management.clients.create(clientBody(`SDK v4 every field ${run}`));
  assertEchoes(client, clientBody(`SDK v4 every field ${run}`));
  assertEchoes((await management.clients.get({ client_id: client.client_id })).data, clientBody(`SDK v4 every field ${run}`));

  const identifier = `https://sdk-v4-every-${run}.example.test/`;
  const apiBody = resourceServerBody(identifier);
  delete apiBody.consent_policy;
  delete apiBody.authorization_policy;
  const { data: api } = await management.resourceServers.create(apiBody);
  assertEchoes((await management.resourceServers.get({ id: api.id })).data, apiBody);

  const connectionName = `sdk-v4-every-${run}`;
  const { data: connection } = await management.connections.create(connectionBody(connectionName, [client.client_id]));
  assertEchoes((await management.connections.get({ id: connection.id })).data, connectionBody(connectionName, [client.client_id]));

  const email = `sdk-v4-every-${run}@example.test`;
  const userInput = userBody(email, connectionName);
  const { data: user } = await management.users.create(userInput);
  for (const key of ['password', 'connection', 'verify_email', 'user_id']) {
    delete userInput[key];
  }
  assertEchoes((await management.users.get({ id: user.user_id })).data, userInput);

  const { data: before } = await management.tenants.getSettings();
  try {
    const settings = tenantBody();
    assertEchoes((await management.tenants.updateSettings(settings)).data, settings);
  } finally {
    await management.tenants.updateSettings({ friendly_name: before.friendly_name, flags: { enable_apis_section: false } });
  }

  await management.users.delete({ id: user.user_id });
  await management.connections.delete({ id: connection.id });
  await management.resourceServers.delete({ id: api.id });
  await management.clients.delete({ client_id: client.client_id });
});

test('lists: bare arrays by default, totals on request, paging reaches every item once', async () => {
  const clients = await everyPage((q) => management.clients.getAll(q));
  const { data: withTotals } = await management.clients.getAll({ include_totals: true, per_page: 100 });
  assert.equal(clients.length, withTotals.total);
  assert.equal(new Set(clients.map((c) => c.client_id)).size, clients.length);

  const apis = await everyPage((q) => management.resourceServers.getAll(q));
  assert.ok(apis.some((r) => r.is_system), 'the Management API is listed as a system API');
  const connections = await everyPage((q) => management.connections.getAll(q));
  assert.ok(connections.some((c) => c.name === SEED.connection));
  const users = await everyPage((q) => management.users.getAll(q));
  assert.ok(users.some((u) => u.email === SEED.user.email));

  const { data: extra } = await management.connections.create({ name: `sdk-v4-paging-${run}`, strategy: 'auth0' });
  try {
    const seen = [];
    let from;
    do {
      const { data: checkpoint } = await management.connections.getAll({ take: 1, ...(from ? { from } : {}) });
      assert.ok(checkpoint.connections.length <= 1);
      seen.push(...checkpoint.connections.map((c) => c.id));
      from = checkpoint.next;
    } while (from);
    assert.equal(seen.length, connections.length + 1, 'checkpoint pages reach every connection once');
    assert.ok(seen.includes(extra.id));
  } finally {
    await management.connections.delete({ id: extra.id });
  }
});

test('validation messages are Auth0\'s through v4', async () => {
  for (const [body, message] of [BAD.clientUnknownProperty, BAD.clientWrongType, BAD.clientEnum, BAD.clientMetadataSize]) {
    await rejectsWith(management.clients.create(body), 400, 'invalid_body', message);
  }
  for (const [body, message] of [BAD.resourceServerTooLong, BAD.resourceServerTwoErrors]) {
    await rejectsWith(management.resourceServers.create(body), 400, 'invalid_body', message);
  }
  for (const [body, message] of [BAD.connectionName, BAD.connectionOptions]) {
    await rejectsWith(management.connections.create(body), 400, 'invalid_body', message);
  }
  await rejectsWith(management.users.create(BAD.userPhone[0]), 400, 'invalid_body', BAD.userPhone[1]);
  await rejectsWith(management.tenants.updateSettings(BAD.tenantErrorPage[0]), 400, 'invalid_body', BAD.tenantErrorPage[1]);
  const [grant, grantMessage] = BAD.grantScope(SEED.client.id);
  await rejectsWith(management.clientGrants.create(grant), 400, 'invalid_body', grantMessage);
});

test('attack protection through v4: the three settings', async () => {
  const { data: brute } = await management.attackProtection.getBruteForceConfig();
  assert.equal(brute.mode, 'count_per_identifier_and_ip');
  const { data: updated } = await management.attackProtection.updateBruteForceConfig({ max_attempts: 10, allowlist: [] });
  assert.equal(updated.max_attempts, 10);
  const { data: suspicious } = await management.attackProtection.getSuspiciousIpThrottlingConfig();
  assert.ok(suspicious.stage['pre-login']);
  const { data: breached } = await management.attackProtection.getBreachedPasswordDetectionConfig();
  assert.equal(breached.method, 'standard');
});

test('jobs: users import with a bcrypt hash (multipart, as the SDK sends it), status, errors, then a password-realm login; users export', async () => {
  const { data: connections } = await management.connections.getAll({ name: SEED.connection });
  const connectionId = connections[0].id;
  const email = `imported-${run}@example.test`;
  // bcrypt of "hunter2" (cost 4), made by libxcrypt.
  const users = [
    { email, email_verified: true, user_id: `imported-${run}`, password_hash: '$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2' },
    { email: 'not-an-email', password_hash: '$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2' },
  ];
  const { data: job, status } = await management.jobs.importUsers({
    users: new Blob([JSON.stringify(users)], { type: 'application/json' }),
    connection_id: connectionId,
    upsert: false,
    send_completion_email: false,
  });
  assert.equal(status, 202);
  assert.equal(job.type, 'users_import');
  assert.equal(job.connection_id, connectionId);

  let done = job;
  for (let i = 0; i < 100 && !['completed', 'failed'].includes(done.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    done = (await management.jobs.get({ id: job.id })).data;
  }
  assert.equal(done.status, 'completed');
  assert.deepEqual(done.summary, { failed: 1, updated: 0, inserted: 1, total: 2 });
  const { data: errors } = await management.jobs.getErrors({ id: job.id });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].errors[0].code, 'FORMAT');

  const auth = new AuthenticationClient({ domain, clientId: SEED.client.id, clientSecret: SEED.client.secret });
  const tokens = (await auth.oauth.passwordGrant({ username: email, password: 'hunter2', realm: SEED.connection, audience: SEED.api })).data;
  assert.equal(decodeJwt(tokens.access_token).payload.sub, `auth0|imported-${run}`);

  const { data: exportJob } = await management.jobs.exportUsers({ connection_id: connectionId, format: 'json', fields: [{ name: 'email' }, { name: 'user_id' }] });
  assert.equal(exportJob.type, 'users_export');
  await management.users.delete({ id: `auth0|imported-${run}` });
});

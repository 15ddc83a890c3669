// The seed's "Customize tokens" step, unchanged, as a post-login Action and as a legacy Rule, deployed with Auth0's
// Node SDK (auth0@4.37.0, ManagementClient) and exercised with node-auth0's AuthenticationClient and with
// openid-client (6.8.9, a generic OAuth client that validates what it receives).
//
// Run through ./run.sh (same environment as compat.test.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ManagementClient, AuthenticationClient } from 'auth0';
import * as oidc from 'openid-client';

const domain = process.env.AUTHGATE_DOMAIN;
const management = new ManagementClient({ domain, clientId: process.env.AUTHGATE_CLIENT_ID, clientSecret: process.env.AUTHGATE_CLIENT_SECRET });
const SEED = {
  connection: 'Username-Password-Authentication',
  api: 'https://api.example.test/',
  client: { id: 'exampleWebAppClientId0001', secret: 'example-web-app-secret-change-me-0123456789' },
  user: { email: 'jane@example.test', password: 'correct horse battery staple 42' },
};
const scripts = new URL('../../../samples/scripts/', import.meta.url);
const seedAction = readFileSync(new URL('customize-tokens.action.js', scripts), 'utf8');
const seedRule = readFileSync(new URL('customize-tokens.rule.js', scripts), 'utf8');
const run = randomUUID().slice(0, 8);

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

async function unbind() {
  await management.actions.updateTriggerBindings({ triggerId: 'post-login' }, { bindings: [] });
}

after(unbind);

function passwordGrant(scope = 'openid offline_access read:sample') {
  const auth = new AuthenticationClient({ domain, clientId: SEED.client.id, clientSecret: SEED.client.secret });
  return auth.oauth.passwordGrant({ username: SEED.user.email, password: SEED.user.password, audience: SEED.api, scope });
}

test('the seed Action, deployed and bound with node-auth0, customises password and refresh tokens', async () => {
  const { data: action } = await management.actions.create({
    name: `Customize tokens ${run}`,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code: seedAction,
    runtime: 'node22',
    secrets: [{ name: 'UNUSED', value: 'not returned' }],
  });
  assert.deepEqual(action.secrets.map((s) => Object.keys(s).sort()), [['name', 'updated_at']]);
  const { data: version } = await management.actions.deploy({ id: action.id });
  assert.equal(version.number, 1);
  const { data: bound } = await management.actions.updateTriggerBindings({ triggerId: 'post-login' }, {
    bindings: [{ ref: { type: 'action_id', value: action.id }, display_name: 'Customize tokens' }],
  });
  assert.equal(bound.bindings[0].action.id, action.id);
  const { data: listed } = await management.actions.getTriggerBindings({ triggerId: 'post-login' });
  assert.equal(listed.bindings.length, 1);

  const { data: tokens } = await passwordGrant();
  const access = claims(tokens.access_token);
  assert.equal(access['http://foo/bar'], 'value');
  for (const scope of ['read:sample', 'array', 'of', 'strings']) {
    assert.ok(access.scope.split(' ').includes(scope), `scope ${scope} in ${access.scope}`);
  }
  assert.equal(claims(tokens.id_token)['http://fiz/baz'], 'some other value');

  const auth = new AuthenticationClient({ domain, clientId: SEED.client.id, clientSecret: SEED.client.secret });
  const { data: refreshed } = await auth.oauth.refreshTokenGrant({ refresh_token: tokens.refresh_token });
  assert.equal(claims(refreshed.access_token)['http://foo/bar'], 'value');

  const { data: tested } = await management.actions.test({ id: action.id }, { payload: { user: { email: 'a@b.c' } } });
  assert.equal(tested.payload.access_token_claims['http://foo/bar'], 'value');

  await unbind();
  await management.actions.delete({ id: action.id, force: true });
});

test('the seed Action gives the documented tokens through openid-client', async () => {
  const { data: action } = await management.actions.create({
    name: `Customize tokens oidc ${run}`,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code: seedAction,
  });
  await management.actions.deploy({ id: action.id });
  await management.actions.updateTriggerBindings({ triggerId: 'post-login' }, { bindings: [{ ref: { type: 'action_name', value: action.name } }] });

  const config = await oidc.discovery(new URL(`https://${domain}/`), SEED.client.id, SEED.client.secret);
  const tokens = await oidc.genericGrantRequest(config, 'password', {
    username: SEED.user.email, password: SEED.user.password, audience: SEED.api, scope: 'openid read:sample',
  });
  assert.equal(tokens.token_type, 'bearer');
  assert.equal(claims(tokens.access_token)['http://foo/bar'], 'value');
  assert.ok(tokens.scope.split(' ').includes('strings'));
  assert.equal(tokens.claims()['http://fiz/baz'], 'some other value');

  await assert.rejects(async () => {
    await management.actions.update({ id: action.id }, { code: 'exports.onExecutePostLogin = async () => {' });
  }, (error) => error.statusCode === 400 && /syntax error at line 1/.test(error.message));

  await unbind();
  await management.actions.delete({ id: action.id, force: true });
});

test('the seed Rule, created with node-auth0, gives the documented tokens through openid-client', async () => {
  const { data: rule } = await management.rules.create({ name: `customize tokens ${run}`, script: seedRule, enabled: true });
  try {
    const config = await oidc.discovery(new URL(`https://${domain}/`), SEED.client.id, SEED.client.secret);
    const tokens = await oidc.genericGrantRequest(config, 'password', {
      username: SEED.user.email, password: SEED.user.password, audience: SEED.api, scope: 'openid read:sample',
    });
    assert.equal(tokens.scope, 'array of strings');
    const access = claims(tokens.access_token);
    assert.equal(access['http://foo/bar'], 'value');
    assert.equal(access.scope, 'array of strings');
    assert.equal(tokens.claims()['http://fiz/baz'], 'some other value');

    const { data: listed } = await management.rules.getAll();
    assert.ok(listed.some((r) => r.id === rule.id && r.stage === 'login_success'));
  } finally {
    await management.rules.delete({ id: rule.id });
  }
});

test('roles and permissions through node-auth0 shape the token with access_token_authz', async () => {
  const { data: api } = await management.resourceServers.create({
    name: `RBAC ${run}`, identifier: `https://rbac-${run}.example.test/`, enforce_policies: true, token_dialect: 'access_token_authz',
    scopes: [{ value: 'read:things' }, { value: 'write:things' }],
  });
  const { data: role } = await management.roles.create({ name: `reader ${run}` });
  await management.roles.addPermissions({ id: role.id }, { permissions: [{ resource_server_identifier: api.identifier, permission_name: 'read:things' }] });
  const { data: users } = await management.usersByEmail.getByEmail({ email: SEED.user.email });
  await management.users.assignRoles({ id: users[0].user_id }, { roles: [role.id] });
  try {
    const auth = new AuthenticationClient({ domain, clientId: SEED.client.id, clientSecret: SEED.client.secret });
    const { data: tokens } = await auth.oauth.passwordGrant({ username: SEED.user.email, password: SEED.user.password, audience: api.identifier });
    const access = claims(tokens.access_token);
    assert.equal(access.scope, 'read:things');
    assert.deepEqual(access.permissions, ['read:things']);
    const { data: permissions } = await management.users.getPermissions({ id: users[0].user_id });
    assert.ok(permissions.some((p) => p.permission_name === 'read:things' && p.sources.some((s) => s.source_type === 'ROLE')));
  } finally {
    await management.users.deleteRoles({ id: users[0].user_id }, { roles: [role.id] });
    await management.roles.delete({ id: role.id });
    await management.resourceServers.delete({ id: api.id });
  }
});

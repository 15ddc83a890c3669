// MFA in the password grant, as Auth0's SDKs drive it: Guardian configured with node-auth0 (auth0@4.37.0,
// ManagementClient), the flow with @auth0/auth0-auth-js 1.16.0's MFA client, TOTP codes from otplib 13.5.0, email
// codes caught by an SMTP sink and SMS codes by a webhook receiver that this file starts on the ports run.sh gave
// the server (AUTHGATE_SMTP_PORT, AUTHGATE_SMS_PORT). Run through ./run.sh, on SQLite and on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ManagementClient } from 'auth0';
import { AuthClient, MfaVerifyError, MfaEnrollmentError, MfaChallengeError, MfaListAuthenticatorsError, isMfaRequiredError } from '@auth0/auth0-auth-js';
import { generate } from 'otplib';
import { startSmtpSink, startWebhook, bindingCode } from './support/sinks.mjs';

const domain = process.env.AUTHGATE_DOMAIN;
const management = new ManagementClient({ domain, clientId: process.env.AUTHGATE_CLIENT_ID, clientSecret: process.env.AUTHGATE_CLIENT_SECRET });
const CONNECTION = 'Username-Password-Authentication';
const API = 'https://api.example.test/';
const PASSWORD = 'Mfa-test-passw0rd!';
const MFA_GRANTS = ['http://auth0.com/oauth/grant-type/mfa-otp', 'http://auth0.com/oauth/grant-type/mfa-oob', 'http://auth0.com/oauth/grant-type/mfa-recovery-code'];
const run = randomUUID().slice(0, 8);
let smtp;
let sms;
let client;
let auth;

before(async () => {
  smtp = await startSmtpSink(Number(process.env.AUTHGATE_SMTP_PORT));
  sms = await startWebhook(Number(process.env.AUTHGATE_SMS_PORT));
  ({ data: client } = await management.clients.create({
    name: `MFA app ${run}`, app_type: 'regular_web', token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['password', 'refresh_token', ...MFA_GRANTS], callbacks: ['https://mfa.example.test/cb'],
  }));
  const { data: [connection] } = await management.connections.getAll({ name: CONNECTION });
  await management.connections.update({ id: connection.id }, { enabled_clients: [...connection.enabled_clients, client.client_id] });
  auth = new AuthClient({ domain, clientId: client.client_id, clientSecret: client.client_secret });

  for (const name of ['otp', 'email', 'sms', 'recovery-code']) {
    const { data } = await management.guardian.updateFactor({ name }, { enabled: true });
    assert.deepEqual(data, { enabled: true });
  }
  const { data: policies } = await management.guardian.updatePolicies(['all-applications']);
  assert.deepEqual(policies, ['all-applications']);
});

after(async () => {
  await management.guardian.updatePolicies([]);
  for (const name of ['otp', 'email', 'sms', 'recovery-code']) {
    await management.guardian.updateFactor({ name }, { enabled: false });
  }
  await smtp?.close();
  await sms?.close();
});

async function newUser() {
  const email = `mfa-${randomUUID()}@example.test`;
  const { data } = await management.users.create({ connection: CONNECTION, email, password: PASSWORD, email_verified: true });
  return { email, id: data.user_id };
}

/** The password grant through auth-js; returns the mfa_required error it throws. */
async function mfaRequired(email, options = {}) {
  const error = await auth.getTokenByPassword({ username: email, password: PASSWORD, audience: API, scope: 'openid offline_access read:sample', ...options })
    .then(() => assert.fail('expected mfa_required'), (e) => e);
  assert.ok(isMfaRequiredError(error), `mfa_required with an mfa_token, got ${error.cause?.error}: ${error.cause?.error_description}`);
  assert.equal(error.cause.error_description, 'Multifactor authentication required');
  return error.cause;
}

const otp = (secret, offsetSteps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * offsetSteps });

async function rejects(promise, type, error, description) {
  const thrown = await promise.then(() => assert.fail(`expected ${error}`), (e) => e);
  assert.ok(thrown instanceof type, `${thrown.name}: ${thrown.message}`);
  assert.equal(thrown.cause.error, error);
  if (description) assert.equal(thrown.cause.error_description, description);
  return thrown;
}

async function enrolOtp(email) {
  const { mfa_token: mfaToken, mfa_requirements: requirements } = await mfaRequired(email);
  assert.deepEqual(requirements.enroll.map((r) => r.type), ['otp', 'phone', 'email']);
  const enrolment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['otp'], mfaToken });
  assert.equal(enrolment.authenticatorType, 'otp');
  assert.match(enrolment.barcodeUri, /^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+&issuer=.+&algorithm=SHA1&digits=6&period=30$/);
  const tokens = await auth.mfa.verify({ factorType: 'otp', mfaToken, otp: await otp(enrolment.secret) });
  return { mfaToken, secret: enrolment.secret, recoveryCode: enrolment.recoveryCodes[0], tokens };
}

test('Guardian factors and policies through node-auth0', async () => {
  const { data: factors } = await management.guardian.getFactors();
  assert.deepEqual(factors.map((f) => f.name), ['sms', 'push-notification', 'otp', 'email', 'duo', 'webauthn-roaming', 'webauthn-platform', 'recovery-code']);
  assert.deepEqual(factors.filter((f) => f.enabled).map((f) => f.name).sort(), ['email', 'otp', 'recovery-code', 'sms']);
  const { data: policies } = await management.guardian.getPolicies();
  assert.deepEqual(policies, ['all-applications']);
  await assert.rejects(management.guardian.updateFactor({ name: 'duo' }, { enabled: true }), (e) => e.statusCode === 400);
  await assert.rejects(management.guardian.updatePolicies(['sometimes']), (e) => e.statusCode === 400 && /Invalid property "sometimes"/.test(e.message));
});

test('mfa_required → associate → OTP grant → tokens, then the mfa_token is spent', async () => {
  const { email } = await newUser();
  const { mfaToken, secret, tokens } = await enrolOtp(email);
  assert.ok(tokens.accessToken && tokens.idToken && tokens.refreshToken, 'access, ID and refresh tokens');
  assert.equal(tokens.claims.email, email);
  assert.deepEqual(tokens.scope.split(' ').filter((s) => s === 'read:sample'), ['read:sample']);
  await rejects(auth.mfa.verify({ factorType: 'otp', mfaToken, otp: await otp(secret, 1) }), MfaVerifyError, 'invalid_grant', 'Malformed mfa_token');

  const next = await mfaRequired(email);
  assert.deepEqual(next.mfa_requirements.challenge.map((c) => c.type).sort(), ['otp', 'recovery-code']);
  const authenticators = await auth.mfa.listAuthenticators({ mfaToken: next.mfa_token });
  assert.deepEqual(authenticators.map((a) => [a.authenticatorType, a.active]).sort(), [['otp', true], ['recovery-code', true]]);
  const challenge = await auth.mfa.challengeAuthenticator({ challengeType: 'otp', mfaToken: next.mfa_token });
  assert.equal(challenge.challengeType, 'otp');
  await rejects(auth.mfa.verify({ factorType: 'otp', mfaToken: next.mfa_token, otp: '000000' === await otp(secret, 1) ? '000001' : '000000' }), MfaVerifyError, 'invalid_grant', 'Invalid otp_code.');
  const again = await auth.mfa.verify({ factorType: 'otp', mfaToken: next.mfa_token, otp: await otp(secret, 1) });
  assert.ok(again.accessToken);
  await rejects(auth.mfa.enrollAuthenticator({ authenticatorTypes: ['otp'], mfaToken: (await mfaRequired(email)).mfa_token }), MfaEnrollmentError, 'access_denied', 'User is already enrolled');
});

test('a recovery code works once and the answer carries a new one', async () => {
  const { email, id } = await newUser();
  const { recoveryCode } = await enrolOtp(email);
  assert.match(recoveryCode, /^[A-Z0-9]{24}$/);

  const first = await auth.mfa.verify({ factorType: 'recovery-code', mfaToken: (await mfaRequired(email)).mfa_token, recoveryCode });
  assert.ok(first.accessToken);
  assert.match(first.recoveryCode, /^[A-Z0-9]{24}$/);
  assert.notEqual(first.recoveryCode, recoveryCode);
  await rejects(auth.mfa.verify({ factorType: 'recovery-code', mfaToken: (await mfaRequired(email)).mfa_token, recoveryCode }), MfaVerifyError, 'invalid_grant', 'Invalid recovery_code.');
  const second = await auth.mfa.verify({ factorType: 'recovery-code', mfaToken: (await mfaRequired(email)).mfa_token, recoveryCode: first.recoveryCode });
  assert.ok(second.recoveryCode);

  // node-auth0: the enrolments, a regenerated recovery code, and removing everything.
  const { data: enrollments } = await management.users.getEnrollments({ id });
  assert.deepEqual(enrollments.map((e) => [e.status, e.type]), [['confirmed', 'authenticator']]);
  const { data: enrollment } = await management.guardian.getGuardianEnrollment({ id: enrollments[0].id });
  assert.equal(enrollment.status, 'confirmed');
  const { data: regenerated } = await management.users.regenerateRecoveryCode({ id });
  await auth.mfa.verify({ factorType: 'recovery-code', mfaToken: (await mfaRequired(email)).mfa_token, recoveryCode: regenerated.recovery_code });
  await management.guardian.deleteGuardianEnrollment({ id: enrollments[0].id });
  await management.users.deleteAllAuthenticators({ id });
  assert.deepEqual((await management.users.getEnrollments({ id })).data, []);
  assert.ok((await mfaRequired(email)).mfa_requirements.enroll);
});

test('an email code arrives at the SMTP sink and completes mfa-oob', async () => {
  const { email } = await newUser();
  const { mfa_token: mfaToken } = await mfaRequired(email);
  const enrolment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: ['email'], mfaToken });
  assert.equal(enrolment.oobChannel, 'email');
  assert.equal(enrolment.bindingMethod, 'prompt');
  const message = await smtp.next(email);
  const code = bindingCode(message.body);
  await rejects(auth.mfa.verify({ factorType: 'oob', mfaToken, oobCode: enrolment.oobCode, bindingCode: code === '000000' ? '000001' : '000000' }), MfaVerifyError, 'invalid_grant', 'Invalid binding_code.');
  const tokens = await auth.mfa.verify({ factorType: 'oob', mfaToken, oobCode: enrolment.oobCode, bindingCode: code });
  assert.ok(tokens.accessToken);

  const login = await mfaRequired(email);
  const challenge = await auth.mfa.challengeAuthenticator({ challengeType: 'oob', mfaToken: login.mfa_token });
  assert.equal(challenge.challengeType, 'oob');
  const again = await smtp.next(email);
  assert.ok((await auth.mfa.verify({ factorType: 'oob', mfaToken: login.mfa_token, oobCode: challenge.oobCode, bindingCode: bindingCode(again.body) })).accessToken);
});

test('an SMS code reaches the webhook receiver and completes mfa-oob', async () => {
  const { email } = await newUser();
  const phone = `+1415${String(Date.now()).slice(-7)}`;
  const { mfa_token: mfaToken } = await mfaRequired(email);
  const enrolment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: ['sms'], phoneNumber: phone, mfaToken });
  assert.equal(enrolment.oobChannel, 'sms');
  const delivered = await sms.next(phone);
  assert.match(delivered.body.body, /^\d{6} is your verification code for .+\. Please enter this code to verify your enrollment\.$/);
  const tokens = await auth.mfa.verify({ factorType: 'oob', mfaToken, oobCode: enrolment.oobCode, bindingCode: bindingCode(delivered.body.body) });
  assert.ok(tokens.accessToken);
});

test('the errors of the spec, as the SDK reports them', async () => {
  const { email } = await newUser();
  const garbage = 'not-a-token';
  await rejects(auth.mfa.verify({ factorType: 'otp', mfaToken: garbage, otp: '123456' }), MfaVerifyError, 'invalid_grant', 'Malformed mfa_token');
  await rejects(auth.mfa.listAuthenticators({ mfaToken: garbage }), MfaListAuthenticatorsError, 'invalid_grant', 'Malformed mfa_token');
  await rejects(auth.mfa.challengeAuthenticator({ challengeType: 'otp', mfaToken: garbage }), MfaChallengeError, 'invalid_grant', 'Malformed mfa_token');
  const { mfa_token: mfaToken } = await mfaRequired(email);
  await rejects(auth.mfa.challengeAuthenticator({ challengeType: 'otp', mfaToken }), MfaChallengeError, 'association_required');
  await rejects(auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: ['voice'], phoneNumber: '+14155550100', mfaToken }), MfaEnrollmentError, 'unsupported_challenge_type');
  await rejects(auth.mfa.verify({ factorType: 'otp', mfaToken, otp: '12345' }), MfaVerifyError, 'invalid_grant', 'Invalid otp_code.');
  await rejects(auth.mfa.verify({ factorType: 'oob', mfaToken, oobCode: 'x'.repeat(43), bindingCode: '123456' }), MfaVerifyError, 'invalid_grant', 'Invalid oob_code.');
  await rejects(auth.mfa.verify({ factorType: 'recovery-code', mfaToken, recoveryCode: 'A'.repeat(24) }), MfaVerifyError, 'invalid_grant', 'Invalid recovery_code.');

  // Ten wrong codes empty the user's bucket: the right code is refused too until it refills.
  const enrolled = await newUser();
  const { secret } = await enrolOtp(enrolled.email);
  const login = (await mfaRequired(enrolled.email)).mfa_token;
  const right = await otp(secret, 1);
  const wrong = right === '000000' ? '000001' : '000000';
  for (let i = 0; i < 10; i++) {
    await rejects(auth.mfa.verify({ factorType: 'otp', mfaToken: login, otp: wrong }), MfaVerifyError, 'invalid_grant', 'Invalid otp_code.');
  }
  await rejects(auth.mfa.verify({ factorType: 'otp', mfaToken: login, otp: right }), MfaVerifyError, 'too_many_attempts');
});

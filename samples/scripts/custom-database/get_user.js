// The custom database "Get User" script of the same connection: does the old tenant know this email? Authgate runs it
// before it creates a user in the connection (Management API, CLI), so nobody can take the address of a user who has
// not signed in (and so not migrated) yet.
//
// options.configuration: OLD_DOMAIN, OLD_CONNECTION, OLD_MGMT_CLIENT_ID / OLD_MGMT_CLIENT_SECRET (read:users).
async function getByEmail(email, callback) {
  const domain = configuration.OLD_DOMAIN.replace(/\/+$/, '');
  const grant = await fetch(domain + '/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: configuration.OLD_MGMT_CLIENT_ID,
      client_secret: configuration.OLD_MGMT_CLIENT_SECRET,
      audience: domain + '/api/v2/',
    }),
  });
  if (!grant.ok) {
    return callback(new Error('The old tenant refused the management client: ' + grant.status));
  }
  const { access_token } = await grant.json();
  const response = await fetch(domain + '/api/v2/users-by-email?email=' + encodeURIComponent(email), {
    headers: { authorization: 'Bearer ' + access_token },
  });
  if (!response.ok) {
    return callback(new Error('The old tenant\'s Management API answered ' + response.status));
  }
  const users = await response.json();
  const user = users.find((u) => (u.identities || []).some((i) => i.connection === configuration.OLD_CONNECTION));
  if (!user) {
    return callback(null);
  }
  return callback(null, {
    user_id: user.user_id,
    email: user.email,
    email_verified: user.email_verified,
    username: user.username,
    name: user.name,
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
  });
}

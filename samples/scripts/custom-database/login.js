// Lazy migration off an Auth0 tenant (or another Authgate): the custom database "Login" script of a connection with
// import_mode on. Authgate runs it for a user it does not hold yet; on success it stores the user under the same
// user_id (so tokens' sub stays the same) with the password just typed, hashed with Argon2id, and never runs it for
// that user again.
//
// options.configuration: OLD_DOMAIN (https://your-tenant.eu.auth0.com), OLD_CONNECTION (the old database connection),
// OLD_CLIENT_ID / OLD_CLIENT_SECRET (an application of the old tenant with the Password grant), and optionally
// OLD_MGMT_CLIENT_ID / OLD_MGMT_CLIENT_SECRET (a machine-to-machine application with read:users, to bring
// app_metadata and user_metadata along). options.allowed_hosts: the old domain's host name.
async function login(email, password, callback) {
  const domain = configuration.OLD_DOMAIN.replace(/\/+$/, '');
  const tokenResponse = await fetch(domain + '/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'http://auth0.com/oauth/grant-type/password-realm',
      realm: configuration.OLD_CONNECTION,
      username: email,
      password: password,
      client_id: configuration.OLD_CLIENT_ID,
      client_secret: configuration.OLD_CLIENT_SECRET,
      scope: 'openid profile email',
    }),
  });
  const tokens = await tokenResponse.json();
  if (tokens.error === 'invalid_grant') {
    return callback(new WrongUsernameOrPasswordError(email));
  }
  if (tokens.error === 'unauthorized') {
    return callback(new UnauthorizedError(tokens.error_description));
  }
  if (!tokenResponse.ok) {
    return callback(new Error('The old tenant answered ' + tokenResponse.status + ' ' + tokens.error));
  }

  const userinfo = await fetch(domain + '/userinfo', { headers: { authorization: 'Bearer ' + tokens.access_token } });
  if (!userinfo.ok) {
    return callback(new Error('The old tenant\'s /userinfo answered ' + userinfo.status));
  }
  const claims = await userinfo.json();
  const profile = {
    user_id: claims.sub,
    email: claims.email,
    email_verified: claims.email_verified,
    name: claims.name,
    given_name: claims.given_name,
    family_name: claims.family_name,
    nickname: claims.nickname,
    picture: claims.picture,
  };

  if (configuration.OLD_MGMT_CLIENT_ID) {
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
    const user = await fetch(domain + '/api/v2/users/' + encodeURIComponent(claims.sub), { headers: { authorization: 'Bearer ' + access_token } });
    if (!user.ok) {
      return callback(new Error('The old tenant\'s Management API answered ' + user.status));
    }
    const full = await user.json();
    profile.username = full.username;
    profile.app_metadata = full.app_metadata;
    profile.user_metadata = full.user_metadata;
  }

  return callback(null, profile);
}

/**
 * The seed's "Customize tokens" step (Auth0, "Call Your API Using Resource Owner Password Flow") as a post-login
 * Action: custom claims in the access and ID tokens, and scopes added to the access token.
 */
exports.onExecutePostLogin = async (event, api) => {
  // add custom claims to Access Token and ID Token
  api.accessToken.setCustomClaim('http://foo/bar', 'value');
  api.idToken.setCustomClaim('http://fiz/baz', 'some other value');

  // change scope
  api.accessToken.addScope('array');
  api.accessToken.addScope('of');
  api.accessToken.addScope('strings');
};

function login(email, password, callback) {
  // Asks the legacy user store (configuration.LEGACY_API) to check the password.
  request.post({ url: configuration.LEGACY_API + '/login', json: { email, password } }, (err, response, body) => {
    if (err) return callback(err);
    if (response.statusCode !== 200) return callback(new WrongUsernameOrPasswordError(email));
    callback(null, { user_id: body.id, email: body.email, email_verified: true });
  });
}

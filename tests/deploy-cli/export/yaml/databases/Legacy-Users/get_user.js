function getByEmail(email, callback) {
  request.get({ url: configuration.LEGACY_API + '/users?email=' + encodeURIComponent(email), json: true }, (err, response, body) => {
    if (err) return callback(err);
    if (response.statusCode === 404) return callback(null);
    callback(null, { user_id: body.id, email: body.email, email_verified: true });
  });
}

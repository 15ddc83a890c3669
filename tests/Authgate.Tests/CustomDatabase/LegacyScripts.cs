using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.CustomDatabase;

/// <summary>The custom database scripts the tests run: the samples (migration off an Auth0-shaped server) and a few of their own.</summary>
internal static class LegacyScripts
{
    /// <summary>samples/scripts/custom-database/login.js: password-realm grant, /userinfo and the Management API of the old server.</summary>
    public static string MigrationLogin => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "scripts", "custom-database", "login.js"));

    /// <summary>samples/scripts/custom-database/get_user.js: the old server's users-by-email.</summary>
    public static string MigrationGetUser => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "scripts", "custom-database", "get_user.js"));

    /// <summary>A legacy user store that lives in the script itself; it refuses to work without its configuration.</summary>
    public const string TableLogin = """
        function login(userNameOrEmail, password, callback) {
          var users = [
            { id: 1001, email: 'ann@legacy.test', username: 'ann', password: 'ann-legacy-password', name: 'Ann Legacy', metadata: { plan: 'gold' } },
            { id: 1002, email: 'ben@legacy.test', password: 'ben-legacy-password', given_name: 'Ben' },
            { id: 1003, email: 'leaky@legacy.test', password: 'AUTH0-TEST-leaked-password' },
            { id: 1004, email: 'dan@legacy.test', password: 'dan-legacy-password' },
          ];
          var name = userNameOrEmail.toLowerCase();
          var user = users.find(function (u) { return u.email === name || u.username === name; });
          if (!user) {
            return callback(new WrongUsernameOrPasswordError(userNameOrEmail));
          }
          if (!configuration.TABLE_SECRET) {
            return callback(new Error('the configuration is missing'));
          }
          if (user.password !== password) {
            return callback(new WrongUsernameOrPasswordError(user.id, 'Bad password for ' + user.id));
          }
          console.log('table login for', user.id);
          callback(null, { id: user.id, email: user.email, username: user.username, name: user.name, given_name: user.given_name, email_verified: true, metadata: user.metadata });
        }
        """;

    /// <summary>One way to fail per name: throws, loops, errors, refused and timed-out fetches, bad profiles.</summary>
    public const string FlakyLogin = """
        async function login(email, password, callback) {
          switch (email) {
            case 'throws@flaky.test':
              throw new Error('database exploded at 10.1.2.3');
            case 'error@flaky.test':
              return callback(new Error('connection refused by 10.1.2.3'));
            case 'loops@flaky.test':
              while (true) { }
            case 'unauthorized@flaky.test':
              return callback(new UnauthorizedError('Your account is pending approval.'));
            case 'validation@flaky.test':
              return callback(new ValidationError('user_exists', 'taken'));
            case 'other-port@flaky.test':
            case 'other-name@flaky.test':
            case 'silent@flaky.test':
              try {
                var url = { 'other-port@flaky.test': configuration.OTHER_PORT_URL, 'other-name@flaky.test': configuration.OTHER_NAME_URL,
                  'silent@flaky.test': configuration.SILENT_URL }[email];
                var response = await fetch(url);
                return callback(null, { user_id: 'fetched', email: email, name: 'status ' + response.status });
              } catch (e) {
                console.log(e.name + ': ' + e.message);
                return callback(e);
              }
            case 'no-id@flaky.test':
              return callback(null, { email: email });
            case 'bad-email@flaky.test':
              return callback(null, { user_id: 'bad', email: 'not an email' });
            case 'no-callback@flaky.test':
              return;
            case 'nobody@flaky.test':
              return callback(null);
            default:
              return callback(new WrongUsernameOrPasswordError(email));
          }
        }
        """;

    /// <summary>Gets a Management API token of the old server; pasted into each script that needs one (a script is one function).</summary>
    private const string OldToken = """
          const grant = await fetch(configuration.OLD_DOMAIN + 'oauth/token', {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'client_credentials', client_id: configuration.OLD_MGMT_CLIENT_ID,
              client_secret: configuration.OLD_MGMT_CLIENT_SECRET, audience: configuration.OLD_DOMAIN + 'api/v2/' }),
          });
          const token = (await grant.json()).access_token;
          const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
        """;

    /// <summary>Legacy authentication (no import mode): create writes the user to the old server through its Management API.</summary>
    public const string RemoteCreate = "async function create(user, callback) {\n" + OldToken + """
          const response = await fetch(configuration.OLD_DOMAIN + 'api/v2/users', {
            method: 'POST', headers,
            body: JSON.stringify({ connection: configuration.OLD_CONNECTION, email: user.email, password: user.password, user_metadata: user.user_metadata }),
          });
          if (response.status === 409) {
            return callback(new ValidationError('user_exists', 'The old system has this user.'));
          }
          if (!response.ok) {
            return callback(new Error('create answered ' + response.status + ' ' + (await response.text())));
          }
          callback(null);
        }
        """;

    /// <summary><c>changePassword(email, newPassword, callback)</c> through the old server's Management API.</summary>
    public const string RemoteChangePassword = "async function changePassword(email, newPassword, callback) {\n" + OldToken + """
          const users = await (await fetch(configuration.OLD_DOMAIN + 'api/v2/users-by-email?email=' + encodeURIComponent(email), { headers })).json();
          if (users.length !== 1) {
            return callback(null, false);
          }
          const response = await fetch(configuration.OLD_DOMAIN + 'api/v2/users/' + encodeURIComponent(users[0].user_id), {
            method: 'PATCH', headers, body: JSON.stringify({ password: newPassword }),
          });
          callback(null, response.ok);
        }
        """;

    /// <summary><c>remove(id, callback)</c>: the id comes without auth0|, as Auth0 passes it.</summary>
    public const string RemoteDelete = "async function remove(id, callback) {\n" + OldToken + """
          const response = await fetch(configuration.OLD_DOMAIN + 'api/v2/users/' + encodeURIComponent('auth0|' + id), { method: 'DELETE', headers });
          if (!response.ok) {
            return callback(new Error('delete answered ' + response.status));
          }
          callback(null);
        }
        """;
}

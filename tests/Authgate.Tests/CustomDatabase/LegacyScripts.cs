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
          if (configuration.TABLE_SECRET !== 's3cret-table') {
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
}

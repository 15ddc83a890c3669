using System.Text;
using Authgate.Cli;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Authgate.Tests.Jobs;

/// <summary>The CLI imports Auth0's password-hash export: the users keep their auth0| ids and their passwords.</summary>
public sealed class CliImportTests
{
    [Fact]
    public async Task Auth0s_password_hash_export_imports_keeping_user_ids_and_passwords()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        async Task<(int Exit, string Output)> RunAsync(params string[] args)
        {
            var output = new StringWriter();
            var exit = await AdminCli.RunAsync([.. args, $"--Authgate:DataDirectory={directory}", "--Authgate:PasswordHashing:MemoryKiB=256", "--Authgate:PasswordHashing:Iterations=1",
                .. TestDatabase.Settings(directory).Select(s => $"--{s.Key}={s.Value}")], output);
            SqliteConnection.ClearAllPools();
            return (exit, output.ToString());
        }

        (await RunAsync("init", "--seed", Path.Combine(RepositoryPaths.Root, "samples", "tenant.json"))).Exit.Should().Be(0);
        var export = Path.Combine(directory, "auth0-hashes.json");
        // The format of Auth0's export (one JSON object per line); passwords are "hunter2".
        await File.WriteAllTextAsync(export, string.Join('\n',
            """{"_id":{"$oid":"5dea9f9c0000000000000001"},"email_verified":true,"email":"oid@corp.test","passwordHash":"$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2","password_set_date":{"$date":"2019-12-06T18:36:12.412Z"},"tenant":"old","connection":"Username-Password-Authentication","_tmp_is_unique":true}""",
            """{"_id":{"$oid":"5dea9f9c0000000000000002"},"passwordHash":"$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2","tenant":"old","connection":"Username-Password-Authentication","identifiers":[{"type":"email","value":"identifier@corp.test","verified":false}],"alt_id":"euclid"}""",
            """{"_id":{"$oid":"5dea9f9c0000000000000003"},"email":"broken@corp.test","passwordHash":"not a hash"}""",
            ""), Encoding.UTF8);

        var run = await RunAsync("users", "import", export, "--connection", "Username-Password-Authentication");
        run.Exit.Should().Be(0, run.Output);
        run.Output.Should().Contain("2 inserted, 0 updated, 1 failed of 3").And.Contain("passwordHash");
        (await RunAsync("users", "list")).Output.Should().Contain("auth0|5dea9f9c0000000000000001").And.Contain("auth0|euclid");

        using var server = new AuthgateFactory(tenant: null, dataDirectory: directory);
        var http = server.CreateClient();
        foreach (var (email, sub) in new[] { ("oid@corp.test", "auth0|5dea9f9c0000000000000001"), ("identifier@corp.test", "auth0|euclid") })
        {
            var json = await (await http.PostFormAsync(Protocol.PasswordGrant(username: email, password: "hunter2", clientId: "exampleWebAppClientId0001",
                clientSecret: "example-web-app-secret-change-me-0123456789", audience: "https://api.example.test/", scope: "openid"))).ShouldSucceedAsync();
            Protocol.Decode(json.GetProperty("id_token").GetString()!).Subject.Should().Be(sub, "tokens keep the sub the applications know");
        }
    }
}

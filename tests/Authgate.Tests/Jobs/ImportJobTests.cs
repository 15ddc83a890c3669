using System.Net;
using System.Text.Json.Nodes;
using Authgate.Jobs;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Jobs;

/// <summary>
/// <c>POST /api/v2/jobs/users-imports</c> with Auth0's user schema: imported bcrypt and PBKDF2 users sign in with
/// their old passwords and are rehashed; bad users are reported without stopping the job; upsert makes a retry idempotent.
/// </summary>
public sealed class ImportJobTests : IClassFixture<AuthgateFactory>
{
    private const string Bcrypt = "$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2";
    private const string Pbkdf2 = "$pbkdf2-sha256$i=1000,l=32$TmFDbE5hQ2w$H6YXMPtJB3L3jvdiXqeqeN1bqKfyaj4r2pHbWVl1K8s";
    private readonly AuthgateFactory factory;
    private readonly HttpClient http;
    private readonly JobsClient jobs;

    public ImportJobTests(AuthgateFactory factory)
    {
        this.factory = factory;
        http = factory.CreateClient();
        jobs = new JobsClient(factory, http);
    }

    private static string Users(params object[] users) => System.Text.Json.JsonSerializer.Serialize(users);

    [Fact]
    public async Task Imported_bcrypt_pbkdf2_and_custom_hashes_sign_in_and_are_rehashed_and_bad_users_are_reported()
    {
        var connection = await jobs.ConnectionIdAsync(TestTenant.EmployeesConnection);
        var job = await jobs.ImportAsync(Users(
            new { email = "bcrypt@corp.test", email_verified = true, user_id = "legacy-1", password_hash = Bcrypt, app_metadata = new { plan = "gold" } },
            new { email = "pbkdf2@corp.test", custom_password_hash = new { algorithm = "pbkdf2", hash = new { value = Pbkdf2 } }, given_name = "Pat" },
            new { email = "md5@corp.test", custom_password_hash = new { algorithm = "md5", hash = new { value = "dc52c81ce4d61ed8871c5ad47b9a34e1", encoding = "hex" }, salt = new { value = "mysalt" } } },
            new { email = "not-an-email", password_hash = Bcrypt },
            new { email = "extra@corp.test", shoe_size = 44 },
            new { email = "bad-hash@corp.test", password_hash = "$1$legacy$x" }), connection);

        job["type"]!.GetValue<string>().Should().Be("users_import");
        job["status"]!.GetValue<string>().Should().Be("completed");
        job["connection"]!.GetValue<string>().Should().Be(TestTenant.EmployeesConnection);
        job["summary"]!.ToJsonString().Should().Be("""{"failed":3,"updated":0,"inserted":3,"total":6}""");
        job["percentage_done"]!.GetValue<int>().Should().Be(100);

        var errors = (await jobs.Management.GetAsync($"jobs/{job["id"]}/errors")).AsArray();
        errors.Should().HaveCount(3);
        errors[0]!["errors"]![0]!["code"]!.GetValue<string>().Should().Be("FORMAT");
        errors[0]!["errors"]![0]!["path"]!.GetValue<string>().Should().Be("email");
        errors[0]!["user"]!["email"]!.GetValue<string>().Should().Be("not-an-email");
        errors[1]!["errors"]![0]!["message"]!.GetValue<string>().Should().Be("Additional properties not allowed: shoe_size");
        errors[2]!["errors"]![0]!["path"]!.GetValue<string>().Should().Be("password_hash");
        errors.ToJsonString().Should().NotContain(Bcrypt).And.NotContain("$1$legacy$x", "errors never echo a password hash");

        var imported = await jobs.Management.GetAsync("users/" + Uri.EscapeDataString("auth0|legacy-1"));
        imported["email_verified"]!.GetValue<bool>().Should().BeTrue();
        imported["app_metadata"]!["plan"]!.GetValue<string>().Should().Be("gold");

        foreach (var email in new[] { "bcrypt@corp.test", "pbkdf2@corp.test", "md5@corp.test" })
        {
            await (await http.PostFormAsync(Realm(email, "wrong-password"))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
            await (await http.PostFormAsync(Realm(email, "hunter2"))).ShouldSucceedAsync();
            (await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).FirstAsync())).Should().StartWith("$argon2id$");
            await (await http.PostFormAsync(Realm(email, "hunter2"))).ShouldSucceedAsync();
        }
    }

    [Fact]
    public async Task A_retry_with_upsert_is_idempotent_and_without_it_reports_duplicates()
    {
        var connection = await jobs.ConnectionIdAsync(TestTenant.EmployeesConnection);
        var file = Users(
            new { email = "u1@corp.test", password_hash = Bcrypt, name = "One", user_metadata = new { a = 1 } },
            new { email = "u2@corp.test", password_hash = Bcrypt, name = "Two" });
        (await jobs.ImportAsync(file, connection))["summary"]!["inserted"]!.GetValue<int>().Should().Be(2);

        var again = await jobs.ImportAsync(file, connection, upsert: false);
        again["summary"]!.ToJsonString().Should().Be("""{"failed":2,"updated":0,"inserted":0,"total":2}""");
        (await jobs.Management.GetAsync($"jobs/{again["id"]}/errors")).AsArray()[0]!["errors"]![0]!["code"]!.GetValue<string>().Should().Be("DUPLICATED_USER");

        var changed = Users(
            new { email = "u1@corp.test", password_hash = Bcrypt, name = "One again", user_metadata = new { b = 2 } },
            new { email = "u2@corp.test", password_hash = Bcrypt, name = "Two" });
        for (var i = 0; i < 2; i++)
        {
            (await jobs.ImportAsync(changed, connection, upsert: true))["summary"]!.ToJsonString().Should().Be("""{"failed":0,"updated":2,"inserted":0,"total":2}""");
        }

        var users = (await jobs.Management.GetAsync("users-by-email?email=u1@corp.test")).AsArray();
        users.Should().HaveCount(1);
        users[0]!["name"]!.GetValue<string>().Should().Be("One again");
        users[0]!["user_metadata"]!.ToJsonString().Should().Be("""{"b":2}""", "Auth0 replaces metadata on upsert");
    }

    [Fact]
    public async Task Duplicates_inside_one_file_and_a_broken_ndjson_line_are_errors_and_the_job_goes_on()
    {
        var connection = await jobs.ConnectionIdAsync(TestTenant.EmployeesConnection);
        var lines = string.Join('\n',
            """{"email":"nd1@corp.test","password_hash":"$2b$04$5quUVUFkbzdscWoerMstc.09UxKpuOWA59BMyQ.0dtniEwcfuEHs2"}""",
            """{"email":"nd2@corp.test",,,""",
            """{"email":"ND1@corp.test"}""",
            """{"email":"nd3@corp.test"}""");

        var job = await jobs.ImportAsync(lines, connection);

        job["summary"]!.ToJsonString().Should().Be("""{"failed":2,"updated":0,"inserted":2,"total":4}""");
        var errors = (await jobs.Management.GetAsync($"jobs/{job["id"]}/errors")).AsArray();
        errors.Select(e => e!["errors"]![0]!["code"]!.GetValue<string>()).Should().Equal("INVALID_JSON", "DUPLICATED_USER");
    }

    [Fact]
    public async Task A_broken_json_array_fails_the_job_with_a_reason_keeping_what_was_written()
    {
        var connection = await jobs.ConnectionIdAsync(TestTenant.EmployeesConnection);
        var job = await jobs.ImportAsync("""[{"email":"first@corp.test"}, {"email": """, connection);

        job["status"]!.GetValue<string>().Should().Be("failed");
        job["status_details"]!.GetValue<string>().Should().StartWith("The users file is not valid JSON");
    }

    [Fact]
    public async Task Bad_requests_are_refused_in_the_management_shape()
    {
        var employees = await jobs.ConnectionIdAsync(TestTenant.EmployeesConnection);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await jobs.PostImportAsync("[]", null), HttpStatusCode.BadRequest, "invalid_body", "connection_id");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await jobs.PostImportAsync("[]", "con_doesnotexist0000"), HttpStatusCode.BadRequest, "inexistent_connection");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await jobs.PostImportAsync("[]", employees, externalId: new string('x', 200)), HttpStatusCode.BadRequest, "invalid_body");
        var json = await jobs.Management.SendAsync(HttpMethod.Post, "jobs/users-imports", new { connection_id = employees });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(json, HttpStatusCode.BadRequest, "invalid_body", "multipart/form-data");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await jobs.Management.SendAsync(HttpMethod.Get, "jobs/job_nope"), HttpStatusCode.NotFound, "inexistent_job");

        var empty = await jobs.ImportAsync("[]", employees);
        empty["summary"]!["total"]!.GetValue<int>().Should().Be(0);
        (await jobs.Management.SendAsync(HttpMethod.Get, $"jobs/{empty["id"]}/errors")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // An end user's token is not a management token.
        var user = await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        (await jobs.Management.SendAsync(HttpMethod.Get, $"jobs/{empty["id"]}", bearer: user.GetProperty("access_token").GetString())).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_job_started_on_one_node_is_read_on_another_and_a_job_whose_node_died_fails()
    {
        using var other = new AuthgateFactory(tenant: null, dataDirectory: factory.DataDirectory);
        var otherHttp = other.CreateClient();
        var connection = await jobs.ConnectionIdAsync(TestTenant.EmployeesConnection);
        var job = await jobs.ImportAsync(Users(new { email = "node@corp.test", password_hash = Bcrypt }), connection);

        var seen = await new Infrastructure.Management(otherHttp).GetAsync("jobs/" + job["id"]);
        seen["summary"]!["inserted"]!.GetValue<int>().Should().Be(1);

        // A job left "processing" by a node that stopped: once stale, any node reports it failed.
        await factory.WithDbAsync(async db =>
        {
            db.Jobs.Add(new Authgate.Storage.Entities.Job { Id = "job_orphan000000001", Type = "users_import", Status = "processing", ConnectionId = connection, CreatedAt = factory.Clock.GetUtcNow().UtcDateTime, UpdatedAt = factory.Clock.GetUtcNow().UtcDateTime });
            return await db.SaveChangesAsync();
        });
        (await new Infrastructure.Management(otherHttp).GetAsync("jobs/job_orphan000000001"))["status"]!.GetValue<string>().Should().Be("processing");
        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        other.Clock.Advance(TimeSpan.FromMinutes(3));
        var orphan = await new Infrastructure.Management(otherHttp).GetAsync("jobs/job_orphan000000001");
        orphan["status"]!.GetValue<string>().Should().Be("failed");
        orphan["status_details"]!.GetValue<string>().Should().Contain("run the job again");
    }

    private static Dictionary<string, string> Realm(string username, string password)
    {
        var form = Protocol.PasswordGrant(username: username, password: password);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = TestTenant.EmployeesConnection;
        return form;
    }
}

using System.Net;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.CustomDatabase;

/// <summary>
/// Users managed through the Management API in custom database connections: get_user guards creation, and without
/// import mode create, change_password and delete act on the old server (the second Authgate).
/// </summary>
[Collection(CustomDatabaseCollection.Name)]
public sealed class CustomDatabaseUsersTests(CustomDatabaseFixture fixture)
{
    private readonly HttpClient http = fixture.Server.CreateClient();

    private Infrastructure.Management Management => new(http);

    private Infrastructure.Management OldManagement => new(new HttpClient { BaseAddress = fixture.OldUrl }, fixture.OldUrl.ToString());

    private Task<HttpResponseMessage> LoginAsync(string realm, string username, string password, HttpClient? client = null)
    {
        var form = Protocol.PasswordGrant(username: username, password: password, audience: client is null ? TestTenant.Api : null);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = realm;
        return (client ?? http).PostFormAsync(form);
    }

    [Fact]
    public async Task With_import_mode_get_user_refuses_an_email_the_old_system_still_holds()
    {
        var refused = await Management.SendAsync(HttpMethod.Post, "users", new { connection = CustomDatabaseFixture.Legacy, email = CustomDatabaseFixture.TakenEmail, password = "Another-passw0rd-123" });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(refused, HttpStatusCode.Conflict, "auth0_idp_error", "The user already exists.");
        (await fixture.Server.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == CustomDatabaseFixture.TakenEmail))).Should().BeFalse();

        // An address the old system does not know is created here, with Authgate's hash: no script runs at its logins.
        var created = await Management.PostAsync("users", new { connection = CustomDatabaseFixture.Legacy, email = "fresh@new.test", password = "Another-passw0rd-123" });
        created["user_id"]!.GetValue<string>().Should().StartWith("auth0|");
        (await fixture.Server.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == "fresh@new.test").Select(u => u.PasswordHash).FirstAsync()))
            .Should().StartWith("$argon2id$");
        await (await LoginAsync(CustomDatabaseFixture.Legacy, "fresh@new.test", "Another-passw0rd-123")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Without_import_mode_users_are_created_changed_and_deleted_in_the_old_system()
    {
        const string email = "remote-user@new.test";
        var created = await Management.PostAsync("users", new { connection = CustomDatabaseFixture.Remote, email, password = "Remote-passw0rd-1", user_metadata = new { team = "blue" } });

        // The old system now has the user; the local copy has its user_id and no password.
        var old = (await OldManagement.GetAsync("users-by-email?email=" + Uri.EscapeDataString(email))).AsArray();
        old.Should().ContainSingle();
        var id = old[0]!["user_id"]!.GetValue<string>();
        old[0]!["user_metadata"]!["team"]!.GetValue<string>().Should().Be("blue", "create received the user's metadata");
        created["user_id"]!.GetValue<string>().Should().Be(id);
        (await fixture.Server.WithDbAsync(db => db.Users.Where(u => u.UserId == id).Select(u => u.PasswordHash).FirstAsync())).Should().BeNull();
        var json = await (await LoginAsync(CustomDatabaseFixture.Remote, email, "Remote-passw0rd-1")).ShouldSucceedAsync();
        Protocol.Decode(json.GetProperty("access_token").GetString()!).Subject.Should().Be(id);

        // The same email again: get_user finds it in the old system.
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await Management.SendAsync(HttpMethod.Post, "users", new { connection = CustomDatabaseFixture.Remote, email, password = "Remote-passw0rd-1" }),
            HttpStatusCode.Conflict, "auth0_idp_error");

        // change_password changes it there; nothing is stored here.
        await Management.PatchAsync("users/" + Uri.EscapeDataString(id), new { password = "Remote-passw0rd-2" });
        using var oldHttp = new HttpClient { BaseAddress = fixture.OldUrl };
        await (await LoginAsync(CustomDatabaseFixture.OldConnection, email, "Remote-passw0rd-2", oldHttp)).ShouldSucceedAsync();
        await (await LoginAsync(CustomDatabaseFixture.Remote, email, "Remote-passw0rd-1")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
        await (await LoginAsync(CustomDatabaseFixture.Remote, email, "Remote-passw0rd-2")).ShouldSucceedAsync();
        (await fixture.Server.WithDbAsync(db => db.Users.Where(u => u.UserId == id).Select(u => u.PasswordHash).FirstAsync())).Should().BeNull();

        // delete removes it there (with the id Auth0 passes, without auth0|), then here.
        await Management.OkAsync(HttpMethod.Delete, "users/" + Uri.EscapeDataString(id), expected: HttpStatusCode.NoContent);
        (await OldManagement.GetAsync("users-by-email?email=" + Uri.EscapeDataString(email))).AsArray().Should().BeEmpty();
        (await fixture.Server.WithDbAsync(db => db.Users.AnyAsync(u => u.UserId == id))).Should().BeFalse();
        await (await LoginAsync(CustomDatabaseFixture.Remote, email, "Remote-passw0rd-2")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant");
    }

    [Fact]
    public async Task A_script_that_refuses_keeps_the_local_user_as_it_was()
    {
        // The table connection has no delete script and no import mode: its users live in the script.
        await (await LoginAsync(CustomDatabaseFixture.Table, "ben@legacy.test", "ben-legacy-password")).ShouldSucceedAsync();

        var refused = await Management.SendAsync(HttpMethod.Delete, "users/auth0%7C1002");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(refused, HttpStatusCode.BadRequest, "auth0_idp_error", "The connection has no delete script");
        var password = await Management.SendAsync(HttpMethod.Patch, "users/auth0%7C1002", new { password = "Ben-new-passw0rd-1" });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(password, HttpStatusCode.BadRequest, "auth0_idp_error", "The connection has no change_password script.");
        var create = await Management.SendAsync(HttpMethod.Post, "users", new { connection = CustomDatabaseFixture.Table, email = "new@legacy.test", password = "Another-passw0rd-123" });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(create, HttpStatusCode.BadRequest, "auth0_idp_error", "The connection has no create script.");

        (await fixture.Server.WithDbAsync(db => db.Users.AnyAsync(u => u.UserId == "auth0|1002"))).Should().BeTrue();
        (await fixture.Server.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == "new@legacy.test"))).Should().BeFalse();
        await (await LoginAsync(CustomDatabaseFixture.Table, "ben@legacy.test", "ben-legacy-password")).ShouldSucceedAsync();
    }
}

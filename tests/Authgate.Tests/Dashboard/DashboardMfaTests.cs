using System.Net;
using Authgate.Mfa;
using Authgate.Tests.Infrastructure;
using Authgate.Tests.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Dashboard;

/// <summary>The MFA page (Guardian factors and policy) and the user page's enrolments, brute-force blocks and roles.</summary>
public sealed class DashboardMfaTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    [Fact]
    public async Task Factors_and_the_policy_are_saved_and_a_factor_authgate_lacks_is_refused_with_the_services_message()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "mfa@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var page = await admin.GetAsync("/admin/mfa");
        page.Status.Should().Be(HttpStatusCode.OK);
        page.Html.Should().Contain("push-notification");

        var on = await admin.PostAsync("/admin/mfa?handler=Factor", page.Html, new() { ["Factor"] = "otp", ["Enabled"] = "true" });
        on.Html.Should().Contain("The otp factor is on.");
        (await management.GetAsync("guardian/factors")).AsArray().Single(f => f!["name"]!.GetValue<string>() == "otp")!["enabled"]!.GetValue<bool>().Should().BeTrue();

        var refused = await admin.PostAsync("/admin/mfa?handler=Factor", page.Html, new() { ["Factor"] = "push-notification", ["Enabled"] = "true" });
        refused.Html.Should().Contain("The push-notification factor is not available in Authgate.");
        (await management.GetAsync("guardian/factors")).AsArray().Single(f => f!["name"]!.GetValue<string>() == "push-notification")!["enabled"]!.GetValue<bool>().Should().BeFalse();

        var always = await admin.PostAsync("/admin/mfa?handler=Policy", page.Html, new() { ["Policy"] = "always" });
        always.Html.Should().Contain("MFA policy saved.");
        (await management.GetAsync("guardian/policies")).AsArray().Select(p => p!.GetValue<string>()).Should().Equal("all-applications");

        var unknown = await admin.PostAsync("/admin/mfa?handler=Policy", page.Html, new() { ["Policy"] = "sometimes" });
        unknown.Html.Should().Contain("Payload validation error: ").And.Contain("Invalid property &quot;sometimes&quot;").And.Contain("on property [0].");
        (await management.GetAsync("guardian/policies")).AsArray().Select(p => p!.GetValue<string>()).Should().Equal("all-applications");

        var never = await admin.PostAsync("/admin/mfa?handler=Policy", page.Html, new() { ["Policy"] = "never" });
        never.Html.Should().Contain("MFA policy saved.");
        (await management.GetAsync("guardian/policies")).AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task The_user_page_deletes_an_enrolment_lifts_brute_force_blocks_and_assigns_and_removes_roles()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "users-mfa@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var jane = await factory.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Email == TestTenant.JaneEmail).Select(u => u.UserId).SingleAsync());
        var path = "/admin/users/settings/" + Uri.EscapeDataString(jane);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Authenticators>().EnrollAsync(jane, AuthenticatorKinds.Totp, null, null, withRecoveryCode: false, CancellationToken.None);
        }

        var enrollmentId = (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/enrollments")).AsArray().Single()!["id"]!.GetValue<string>();
        using var http = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await http.LoginFromAsync("203.0.113.77", password: "wrong password");
        }

        (await management.GetAsync($"user-blocks/{Uri.EscapeDataString(jane)}"))["blocked_for"]!.AsArray().Should().NotBeEmpty();
        var role = (await management.OkAsync(HttpMethod.Post, "roles", new { name = "Editors", description = "Edit things" }))["id"]!.GetValue<string>();

        var page = await admin.GetAsync(path);
        page.Status.Should().Be(HttpStatusCode.OK);
        page.Html.Should().Contain(enrollmentId).And.Contain("data-block").And.Contain("Editors");

        var unknownEnrollment = await admin.PostAsync(path + "?handler=DeleteEnrollment", page.Html, new() { ["EnrollmentId"] = "dev_doesnotexist" });
        unknownEnrollment.Html.Should().Contain("The enrollment does not exist.");
        var deleted = await admin.PostAsync(path + "?handler=DeleteEnrollment", page.Html, new() { ["EnrollmentId"] = enrollmentId });
        deleted.Html.Should().Contain("MFA enrolment deleted.");
        (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/enrollments")).AsArray().Should().BeEmpty();

        var lifted = await admin.PostAsync(path + "?handler=LiftBlocks", page.Html, []);
        lifted.Html.Should().Contain("Brute-force blocks lifted.").And.NotContain("data-block");
        (await management.GetAsync($"user-blocks/{Uri.EscapeDataString(jane)}"))["blocked_for"]!.AsArray().Should().BeEmpty();
        await (await http.LoginFromAsync("203.0.113.77")).ShouldSucceedAsync();

        var unknownRole = await admin.PostAsync(path + "?handler=AssignRole", page.Html, new() { ["RoleId"] = "rol_doesnotexist" });
        unknownRole.Html.Should().Contain("Role rol_doesnotexist does not exist.");
        (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/roles")).AsArray().Should().BeEmpty();

        var assigned = await admin.PostAsync(path + "?handler=AssignRole", page.Html, new() { ["RoleId"] = role });
        assigned.Html.Should().Contain("Role assigned.");
        (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/roles")).AsArray().Single()!["name"]!.GetValue<string>().Should().Be("Editors");

        var removed = await admin.PostAsync(path + "?handler=RemoveRole", page.Html, new() { ["RoleId"] = role });
        removed.Html.Should().Contain("Role removed.");
        (await management.GetAsync($"users/{Uri.EscapeDataString(jane)}/roles")).AsArray().Should().BeEmpty();
    }
}

using System.Net;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Dashboard;

/// <summary>The dashboard's sign-in over HTTP against the real server: password, TOTP, lockout, sessions, headers.</summary>
public sealed class DashboardSignInTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    [Fact]
    public async Task An_anonymous_request_is_sent_to_the_sign_in_page()
    {
        using var client = DashboardClient.Anonymous(factory);
        var page = await client.GetAsync("/admin/applications");
        page.Status.Should().Be(HttpStatusCode.Redirect);
        page.Location.Should().Be("/admin/sign-in");
    }

    [Fact]
    public async Task The_page_framework_is_loaded_by_the_first_dashboard_request_not_at_start()
    {
        using var own = new AuthgateFactory();
        using var http = own.CreateClient();
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
        var endpoints = own.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>();
        static bool IsPage(Microsoft.AspNetCore.Http.Endpoint e) => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null;
        endpoints.Endpoints.Where(IsPage).Should().BeEmpty();
        own.Services.GetService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().Should().BeNull("MVC and antiforgery belong to the dashboard's own services");
        own.Services.GetService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().Should().BeNull();

        using var client = DashboardClient.Anonymous(own);
        (await client.GetAsync("/admin/sign-in")).Status.Should().Be(HttpStatusCode.OK);
        // The pages are routed by the dashboard's own pipeline: the server's routes stay its own.
        endpoints.Endpoints.Where(IsPage).Should().BeEmpty();
        own.Services.GetService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().Should().BeNull();
    }

    [Fact]
    public async Task Dashboard_pages_carry_a_csp_without_inline_scripts_and_are_not_cached()
    {
        using var client = DashboardClient.Anonymous(factory);
        var page = await client.GetAsync("/admin/sign-in");
        page.Status.Should().Be(HttpStatusCode.OK);
        var csp = page.Header("Content-Security-Policy").Single();
        csp.Should().Contain("script-src 'self'").And.NotContain("unsafe-inline").And.NotContain("unsafe-eval");
        page.Header("X-Frame-Options").Should().Equal("DENY");
        page.Header("Cache-Control").Single().Should().Contain("no-store");
        page.Html.Should().NotContainAny("<script>", "onclick=", "style=");
        var htmx = await client.GetAsync("/admin/assets/htmx.min.js");
        htmx.Status.Should().Be(HttpStatusCode.OK);
        htmx.Html.Should().Contain("htmx");
    }

    [Fact]
    public async Task Password_then_totp_signs_in_and_the_code_cannot_be_used_twice()
    {
        await DashboardClient.CreateAdminAsync(factory, "twice@example.test");
        using var first = DashboardClient.Anonymous(factory);
        (await first.SignInAsync("twice@example.test", DashboardClient.Password)).Status.Should().Be(HttpStatusCode.Redirect);
        var codePage = await first.GetAsync("/admin/code");
        var secret = DashboardClient.Secret(codePage.Html)!;
        var code = Authgate.Mfa.TotpCodes.Compute(OtpNet.Base32Encoding.ToBytes(secret), factory.Clock.GetUtcNow());
        (await first.PostAsync("/admin/code", codePage.Html, new() { ["Code"] = code })).Location.Should().Be("/admin");
        (await first.GetAsync("/admin/applications")).Status.Should().Be(HttpStatusCode.OK);

        // A second browser with the password replays the same code: refused, whatever node it reaches.
        using var second = DashboardClient.Anonymous(factory);
        (await second.SignInAsync("twice@example.test", DashboardClient.Password)).Status.Should().Be(HttpStatusCode.Redirect);
        var again = await second.GetAsync("/admin/code");
        again.Html.Should().NotContain("data-totp-secret", "the authenticator is enrolled now");
        var replay = await second.PostAsync("/admin/code", again.Html, new() { ["Code"] = code });
        replay.Status.Should().Be(HttpStatusCode.Unauthorized);
        replay.Html.Should().Contain("wrong or was already used");
        (await second.GetAsync("/admin/applications")).Status.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        await DashboardClient.CreateAdminAsync(factory, "same@example.test");
        using var client = DashboardClient.Anonymous(factory);
        var wrong = await client.SignInAsync("same@example.test", "not the password at all");
        var unknown = await client.SignInAsync("nobody@example.test", "not the password at all");
        wrong.Status.Should().Be(HttpStatusCode.Unauthorized);
        unknown.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrong.Html.Should().Contain("Wrong email or password.");
        unknown.Html.Should().Contain("Wrong email or password.");
    }

    [Fact]
    public async Task An_end_users_credentials_and_a_management_token_open_nothing()
    {
        using var client = DashboardClient.Anonymous(factory);
        var endUser = await client.SignInAsync(TestTenant.JaneEmail, TestTenant.JanePassword);
        endUser.Status.Should().Be(HttpStatusCode.Unauthorized);

        using var http = factory.CreateClient();
        var token = await Infrastructure.Management.TokenAsync(http);
        using var bearer = DashboardClient.Anonymous(factory);
        bearer.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var page = await bearer.GetAsync("/admin/applications");
        page.Status.Should().Be(HttpStatusCode.Redirect);
        page.Html.Should().NotContain(TestTenant.WebClientId);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one_until_the_window_passes()
    {
        await DashboardClient.CreateAdminAsync(factory, "locked@example.test");
        using var client = DashboardClient.Anonymous(factory);
        for (var i = 0; i < 5; i++)
        {
            (await client.SignInAsync("locked@example.test", "wrong password " + i)).Status.Should().Be(HttpStatusCode.Unauthorized);
        }

        var locked = await client.SignInAsync("locked@example.test", DashboardClient.Password);
        locked.Status.Should().Be(HttpStatusCode.TooManyRequests);
        locked.Html.Should().Contain("Too many failed sign-ins");

        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        (await client.SignInAsync("locked@example.test", DashboardClient.Password)).Status.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var admin = await DashboardClient.SignedInAsync(factory);
        var refused = await admin.PostAsync("/admin/applications/new", null, new() { ["Name"] = "Forged app", ["AppType"] = "regular_web" });
        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Html.Should().Contain("did not come from the dashboard");
        (await factory.WithDbAsync(db => Task.FromResult(db.Clients.Any(c => c.Name == "Forged app")))).Should().BeFalse();
    }

    [Fact]
    public async Task A_session_ends_after_the_idle_timeout_and_after_sign_out()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "idle@example.test");
        (await admin.GetAsync("/admin")).Status.Should().Be(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(29));
        (await admin.GetAsync("/admin")).Status.Should().Be(HttpStatusCode.OK, "29 minutes of idleness is inside the 30-minute limit");
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        (await admin.GetAsync("/admin")).Location.Should().Be("/admin/sign-in");

        using var other = await DashboardClient.SignedInAsync(factory, "signout@example.test");
        var home = await other.GetAsync("/admin");
        (await other.PostAsync("/admin/sign-out", home.Html, [])).Location.Should().Be("/admin/sign-in");
        (await other.GetAsync("/admin")).Location.Should().Be("/admin/sign-in");
    }

    [Fact]
    public async Task A_session_ends_at_the_absolute_timeout_however_busy()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "absolute@example.test");
        for (var i = 0; i < 12 * 4 - 1; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(15));
            (await admin.GetAsync("/admin")).Status.Should().Be(HttpStatusCode.OK);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        (await admin.GetAsync("/admin")).Location.Should().Be("/admin/sign-in");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Dashboard;

/// <summary>Dashboard forms over HTTP: the admin services' field errors beside the fields, nothing written when refused, changes in the tenant log.</summary>
public sealed class DashboardPagesTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    [Fact]
    public async Task An_invalid_callback_shows_the_services_field_error_beside_the_field_and_writes_nothing()
    {
        using var admin = await DashboardClient.SignedInAsync(factory);
        var form = await admin.GetAsync("/admin/applications/new");
        var answer = await admin.PostAsync("/admin/applications/new", form.Html, new()
        {
            ["Name"] = "Bad callbacks app",
            ["AppType"] = "regular_web",
            ["Callbacks"] = "not a url",
            ["GrantTypes"] = "password",
        });
        answer.Status.Should().Be(HttpStatusCode.OK);
        // The message the Management API gives for the same body, placed right after the callbacks field.
        var callbacks = answer.Html.IndexOf("id=\"callbacks\"", StringComparison.Ordinal);
        var error = answer.Html.IndexOf("class=\"field-error\"", StringComparison.Ordinal);
        error.Should().BeGreaterThan(callbacks);
        answer.Html[callbacks..error].Should().NotContain("<label", "the message sits next to its own field");
        (await factory.WithDbAsync(db => db.Clients.AnyAsync(c => c.Name == "Bad callbacks app"))).Should().BeFalse();

        using var api = factory.CreateClient();
        var token = await Infrastructure.Management.TokenAsync(api);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/clients")
        {
            Content = JsonContent.Create(new { name = "Bad callbacks app", app_type = "regular_web", callbacks = new[] { "not a url" } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var refused = await api.SendAsync(request);
        var message = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        var fieldMessage = System.Text.RegularExpressions.Regex.Match(message, "'([^']+)'").Groups[1].Value;
        fieldMessage.Should().NotBeEmpty();
        answer.Html.Should().Contain(WebUtility.HtmlEncode(fieldMessage));
    }

    [Fact]
    public async Task Creating_an_application_is_recorded_in_the_tenant_log_with_the_administrators_identity()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "auditor@example.test");
        var form = await admin.GetAsync("/admin/applications/new");
        var created = await admin.PostAsync("/admin/applications/new", form.Html, new()
        {
            ["Name"] = "Audited app",
            ["AppType"] = "regular_web",
            ["Callbacks"] = "https://audited.test/callback",
            ["GrantTypes"] = "password",
        });
        created.Status.Should().Be(HttpStatusCode.Redirect);
        created.Location.Should().StartWith("/admin/applications/settings/");

        var settings = await admin.GetAsync(created.Location!);
        settings.Html.Should().Contain("data-client-secret", "a new application's secret is shown once");
        await factory.FlushLogsAsync();
        var entry = await factory.WithDbAsync(db => db.Logs.AsNoTracking().Where(l => l.Type == "sapi" && l.Description == "Create a client" && l.UserName == "auditor@example.test").FirstOrDefaultAsync());
        entry.Should().NotBeNull();
        var details = JsonNode.Parse(entry!.Details!)!;
        details["request"]!["auth"]!["user"]!["email"]!.GetValue<string>().Should().Be("auditor@example.test");
        details["request"]!["channel"]!.GetValue<string>().Should().Be("dashboard");
        details["response"]!["statusCode"]!.GetValue<int>().Should().Be(200);
    }

    [Fact]
    public async Task Every_page_renders_for_a_signed_in_administrator()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "pages@example.test");
        foreach (var path in new[] { "/admin", "/admin/applications", "/admin/applications/new", "/admin/apis", "/admin/apis/new", "/admin/users", "/admin/users/new",
            "/admin/users?q=jane%40example.test", "/admin/connections", "/admin/connections/new", "/admin/connections/new?strategy=ad", "/admin/roles", "/admin/tenant", "/admin/logs", "/admin/keys", "/admin/try-it",
            $"/admin/applications/settings/{TestTenant.WebClientId}" })
        {
            var page = await admin.GetAsync(path);
            page.Status.Should().Be(HttpStatusCode.OK, path);
            page.Html.Should().Contain("<main", path);
        }
    }

    [Fact]
    public async Task Try_it_runs_the_password_grant_and_shows_the_decoded_tokens()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "tryit@example.test");
        var form = await admin.GetAsync("/admin/try-it");
        var answer = await admin.PostAsync("/admin/try-it", form.Html, new()
        {
            ["ClientId"] = TestTenant.WebClientId,
            ["Username"] = TestTenant.JaneEmail,
            ["Password"] = TestTenant.JanePassword,
            ["Audience"] = TestTenant.Api,
            ["Scope"] = "openid email",
        });
        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Html.Should().Contain("data-token=\"access_token\"").And.Contain(WebUtility.HtmlEncode("\"" + TestTenant.Api + "\"")).And.Contain(WebUtility.HtmlEncode("\"gty\": \"password\""));
        answer.Html.Should().Contain("data-token=\"id_token\"");

        var wrong = await admin.PostAsync("/admin/try-it", form.Html, new()
        {
            ["ClientId"] = TestTenant.WebClientId,
            ["Username"] = TestTenant.JaneEmail,
            ["Password"] = "not her password",
            ["Scope"] = "openid",
        });
        wrong.Html.Should().Contain("invalid_grant").And.NotContain("data-token=");
    }
}

using System.Net;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Dashboard;

/// <summary>The machine-to-machine page: client grants made, changed and deleted through <c>ClientGrantService</c>.</summary>
public sealed class DashboardGrantsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    [Fact]
    public async Task A_grant_is_created_its_scopes_changed_and_deleted_and_a_scope_the_api_lacks_is_refused_beside_the_field()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "grants@example.test");
        (await admin.GetAsync("/admin/grants")).Html.Should().Contain("Authorize an application");
        var form = await admin.GetAsync("/admin/grants/new");
        form.Status.Should().Be(HttpStatusCode.OK);
        form.Html.Should().Contain(TestTenant.HsApi);

        var refused = await admin.PostAsync("/admin/grants/new", form.Html, new()
        {
            ["ClientId"] = TestTenant.HsClientId, ["Audience"] = TestTenant.HsApi, ["Scopes"] = "read:hs\ndelete:everything",
        });
        refused.Status.Should().Be(HttpStatusCode.OK);
        var field = refused.Html.IndexOf("id=\"scope\"", StringComparison.Ordinal);
        var message = refused.Html.IndexOf("scope must be a subset of resource server scopes", StringComparison.Ordinal);
        message.Should().BeGreaterThan(field, "the service's message sits right after the scopes field");
        (await factory.WithDbAsync(db => db.ClientGrants.AnyAsync(g => g.ClientId == TestTenant.HsClientId))).Should().BeFalse();

        var created = await admin.PostAsync("/admin/grants/new", form.Html, new()
        {
            ["ClientId"] = TestTenant.HsClientId, ["Audience"] = TestTenant.HsApi, ["Scopes"] = "read:hs",
        });
        created.Status.Should().Be(HttpStatusCode.Redirect);
        created.Location.Should().StartWith("/admin/grants/settings/cgr_");
        var id = created.Location!["/admin/grants/settings/".Length..];
        var stored = await factory.WithDbAsync(db => db.ClientGrants.AsNoTracking().SingleAsync(g => g.Id == id));
        stored.ClientId.Should().Be(TestTenant.HsClientId);
        stored.Scope.Should().Equal("read:hs");
        (await admin.GetAsync("/admin/grants")).Html.Should().Contain("HS ID tokens").And.Contain("read:hs");

        var settings = await admin.GetAsync(created.Location!);
        var badEdit = await admin.PostAsync(created.Location + "?handler=Save", settings.Html, new() { ["Scopes"] = "write:nothing" });
        badEdit.Html.Should().Contain("scope must be a subset of resource server scopes");
        (await factory.WithDbAsync(db => db.ClientGrants.AsNoTracking().SingleAsync(g => g.Id == id))).Scope.Should().Equal("read:hs");

        var emptied = await admin.PostAsync(created.Location + "?handler=Save", settings.Html, new() { ["Scopes"] = "" });
        emptied.Html.Should().Contain("Changes saved.");
        (await factory.WithDbAsync(db => db.ClientGrants.AsNoTracking().SingleAsync(g => g.Id == id))).Scope.Should().BeEmpty();

        var deleted = await admin.PostAsync(created.Location + "?handler=Delete", settings.Html, []);
        deleted.Status.Should().Be(HttpStatusCode.Redirect);
        (await factory.WithDbAsync(db => db.ClientGrants.AnyAsync(g => g.Id == id))).Should().BeFalse();

        await factory.FlushLogsAsync();
        var audited = await factory.WithDbAsync(db => db.Logs.AsNoTracking().Where(l => l.UserName == "grants@example.test").Select(l => l.Type + " " + l.Description).ToListAsync());
        audited.Should().Contain(["fapi Create client grant", "sapi Create client grant", "sapi Update client grant", "sapi Delete client grant"]);
    }
}

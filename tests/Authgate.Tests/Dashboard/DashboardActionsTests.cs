using System.Net;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Dashboard;

/// <summary>The Actions and Rules pages: code in a textarea, deploy, versions, bindings in order, a test run, rules on and off.</summary>
public sealed class DashboardActionsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private const string ClaimCode = "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://example.test/plan', event.user.app_metadata.plan); };";

    [Fact]
    public async Task An_action_is_created_tested_deployed_and_bound_in_order_and_bad_code_is_refused_with_nothing_written()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "actions@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var page = await admin.GetAsync("/admin/actions");
        page.Status.Should().Be(HttpStatusCode.OK);
        page.Html.Should().Contain("No Action yet");

        var refused = await admin.PostAsync("/admin/actions?handler=Create", page.Html, new()
        {
            ["Name"] = "Broken", ["Trigger"] = "post-login", ["Code"] = "exports.onExecutePostLogin = async (event, api) => {",
        });
        refused.Status.Should().Be(HttpStatusCode.OK);
        refused.Html.Should().Contain("The code has a syntax error");
        (await factory.WithDbAsync(db => db.Actions.AnyAsync())).Should().BeFalse();

        var ids = new List<string>();
        foreach (var name in new[] { "Add plan", "Second" })
        {
            var created = await admin.PostAsync("/admin/actions?handler=Create", page.Html, new() { ["Name"] = name, ["Trigger"] = "post-login", ["Code"] = ClaimCode });
            created.Status.Should().Be(HttpStatusCode.Redirect);
            created.Location.Should().StartWith("/admin/actions/edit/");
            ids.Add(created.Location!["/admin/actions/edit/".Length..]);
        }

        var edit = await admin.GetAsync("/admin/actions/edit/" + ids[0]);
        edit.Html.Should().Contain("<textarea id=\"code\"").And.Contain("No version yet");
        var badPayload = await admin.PostAsync($"/admin/actions/edit/{ids[0]}?handler=Test", edit.Html, new() { ["Payload"] = "{ not json" });
        var payloadField = badPayload.Html.IndexOf("id=\"payload\"", StringComparison.Ordinal);
        badPayload.Html.IndexOf("Not valid JSON", StringComparison.Ordinal).Should().BeGreaterThan(payloadField);
        var tested = await admin.PostAsync($"/admin/actions/edit/{ids[0]}?handler=Test", edit.Html, new() { ["Payload"] = "{\"user\":{\"app_metadata\":{\"plan\":\"gold\"}}}" });
        tested.Html.Should().Contain("data-test-result").And.Contain(WebUtility.HtmlEncode("\"https://example.test/plan\": \"gold\""));

        var notDeployed = await admin.PostAsync("/admin/actions?handler=Bind", page.Html, new() { ["Trigger"] = "post-login", ["ActionId"] = ids[0] });
        notDeployed.Html.Should().Contain(WebUtility.HtmlEncode("has never been deployed"));
        (await management.GetAsync("actions/triggers/post-login/bindings"))["bindings"]!.AsArray().Should().BeEmpty();

        foreach (var id in ids)
        {
            var deployed = await admin.PostAsync($"/admin/actions/edit/{id}?handler=Deploy", edit.Html, []);
            deployed.Html.Should().Contain("Version 1 deployed.").And.Contain("data-version=\"1\"");
            (await admin.PostAsync("/admin/actions?handler=Bind", page.Html, new() { ["Trigger"] = "post-login", ["ActionId"] = id })).Html.Should().Contain("Action bound.");
        }

        var bound = (await management.GetAsync("actions/triggers/post-login/bindings"))["bindings"]!.AsArray();
        bound.Select(b => b!["action"]!["id"]!.GetValue<string>()).Should().Equal(ids);
        var moved = await admin.PostAsync("/admin/actions?handler=MoveUp", page.Html, new() { ["Trigger"] = "post-login", ["BindingId"] = bound[1]!["id"]!.GetValue<string>() });
        moved.Html.Should().Contain("Order saved.");
        (await management.GetAsync("actions/triggers/post-login/bindings"))["bindings"]!.AsArray().Select(b => b!["action"]!["id"]!.GetValue<string>())
            .Should().Equal(ids[1], ids[0]);
        (await management.GetAsync($"actions/actions/{ids[0]}/versions"))["versions"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task A_rule_is_created_disabled_and_reordered_and_an_invalid_name_is_refused_beside_the_field()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "rules@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var page = await admin.GetAsync("/admin/rules");
        page.Status.Should().Be(HttpStatusCode.OK);
        page.Html.Should().Contain("<textarea id=\"script\"");

        var script = "function (user, context, callback) { return callback(null, user, context); }";
        var refused = await admin.PostAsync("/admin/rules?handler=Create", page.Html, new() { ["Name"] = "bad_name!", ["Script"] = script, ["Enabled"] = "true" });
        var nameField = refused.Html.IndexOf("id=\"name\"", StringComparison.Ordinal);
        var error = refused.Html.IndexOf("class=\"field-error\"", StringComparison.Ordinal);
        error.Should().BeGreaterThan(nameField);
        refused.Html[nameField..error].Should().NotContain("<label");
        refused.Html[error..].Should().Contain("String does not match pattern");
        (await management.GetAsync("rules")).AsArray().Should().BeEmpty();

        var created = await admin.PostAsync("/admin/rules?handler=Create", page.Html, new() { ["Name"] = "add-plan", ["Script"] = script, ["Enabled"] = "true" });
        created.Status.Should().Be(HttpStatusCode.Redirect);
        var id = created.Location!["/admin/rules/edit/".Length..];
        (await management.GetAsync($"rules/{id}"))["enabled"]!.GetValue<bool>().Should().BeTrue();

        var disabled = await admin.PostAsync("/admin/rules?handler=Toggle", page.Html, new() { ["Id"] = id, ["Enabled"] = "false" });
        disabled.Html.Should().Contain("Rule disabled.");
        (await management.GetAsync($"rules/{id}"))["enabled"]!.GetValue<bool>().Should().BeFalse();

        var edit = await admin.GetAsync(created.Location!);
        var badOrder = await admin.PostAsync(created.Location + "?handler=Save", edit.Html, new() { ["Name"] = "add-plan", ["Script"] = script, ["Order"] = "first" });
        badOrder.Html.Should().Contain("Expected type number but found type string");
        var reordered = await admin.PostAsync(created.Location + "?handler=Save", edit.Html, new() { ["Name"] = "add-plan", ["Script"] = script, ["Order"] = "7", ["Enabled"] = "true" });
        reordered.Html.Should().Contain("Changes saved.");
        var stored = await management.GetAsync($"rules/{id}");
        stored["order"]!.GetValue<int>().Should().Be(7);
        stored["enabled"]!.GetValue<bool>().Should().BeTrue();
    }
}

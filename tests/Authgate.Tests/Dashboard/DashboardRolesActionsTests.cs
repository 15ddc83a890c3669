using System.Net;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tests.Dashboard;

/// <summary>Roles and their permissions; an Action's secrets, dependencies and roll back; rules-configs: through the admin services the Management API uses.</summary>
public sealed class DashboardRolesActionsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private const string CodeA = "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://example.test/v', 'a'); };";
    private const string CodeB = "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://example.test/v', 'b'); };";

    [Fact]
    public async Task A_role_is_created_given_permissions_renamed_and_deleted_and_bad_input_is_refused_beside_the_field()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "roles@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var page = await admin.GetAsync("/admin/roles");
        page.Html.Should().Contain("No role yet");

        var tooLong = await admin.PostAsync("/admin/roles?handler=Create", page.Html, new() { ["Name"] = new string('r', 51) });
        DashboardCredentialsTests.After(tooLong.Html, "id=\"name\"").Should().Contain("String is too long (51 chars), maximum 50");
        (await management.GetAsync("roles")).AsArray().Should().BeEmpty();

        var created = await admin.PostAsync("/admin/roles?handler=Create", page.Html, new() { ["Name"] = "editor", ["Description"] = "Edits samples" });
        created.Status.Should().Be(HttpStatusCode.Redirect);
        var path = created.Location!;
        var id = path["/admin/roles/edit/".Length..];
        var edit = await admin.GetAsync(path);
        edit.Html.Should().Contain("id=\"no-permissions\"").And.Contain($"<option value=\"{TestTenant.Api} read:sample\">");

        var undefined = await admin.PostAsync(path + "?handler=AddPermission", edit.Html, new() { ["Permission"] = TestTenant.Api + " delete:everything" });
        DashboardCredentialsTests.After(undefined.Html, "id=\"permission\"").Should().Contain($"Permission delete:everything does not exist on resource server {TestTenant.Api}.");
        (await management.GetAsync($"roles/{id}/permissions")).AsArray().Should().BeEmpty();

        var added = await admin.PostAsync(path + "?handler=AddPermission", edit.Html, new() { ["Permission"] = TestTenant.Api + " read:sample" });
        added.Html.Should().Contain("Permission added.").And.Contain($"data-permission=\"{TestTenant.Api} read:sample\"");
        (await management.GetAsync($"roles/{id}/permissions")).AsArray().Select(p => p!["permission_name"]!.GetValue<string>()).Should().Equal("read:sample");

        var renamed = await admin.PostAsync(path + "?handler=Save", edit.Html, new() { ["Name"] = "editors", ["Description"] = "Edits all samples" });
        renamed.Html.Should().Contain("Changes saved.");
        var role = await management.GetAsync("roles/" + id);
        role["name"]!.GetValue<string>().Should().Be("editors");
        role["description"]!.GetValue<string>().Should().Be("Edits all samples");
        var blank = await admin.PostAsync(path + "?handler=Save", edit.Html, new() { ["Name"] = "", ["Description"] = "x" });
        DashboardCredentialsTests.After(blank.Html, "id=\"name\"").Should().Contain("String is too short (0 chars), minimum 1");
        (await management.GetAsync("roles/" + id))["description"]!.GetValue<string>().Should().Be("Edits all samples");

        // Assigned from the user's page, as before.
        var jane = await factory.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Email == TestTenant.JaneEmail).Select(u => u.UserId).SingleAsync());
        var user = await admin.GetAsync("/admin/users/settings/" + Uri.EscapeDataString(jane));
        user.Html.Should().Contain($"<option value=\"{id}\">editors</option>");

        var removed = await admin.PostAsync(path + "?handler=RemovePermission", edit.Html, new() { ["Permission"] = TestTenant.Api + " read:sample" });
        removed.Html.Should().Contain("Permission removed.").And.Contain("id=\"no-permissions\"");
        (await management.GetAsync($"roles/{id}/permissions")).AsArray().Should().BeEmpty();

        var deleted = await admin.PostAsync(path + "?handler=Delete", edit.Html, []);
        deleted.Location.Should().Be("/admin/roles");
        using var gone = await management.SendAsync(HttpMethod.Get, "roles/" + id);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);

        await factory.FlushLogsAsync();
        var events = await factory.WithDbAsync(db => db.Logs.AsNoTracking().Where(l => l.UserName == "roles@example.test").Select(l => l.Type + " " + l.Description).ToListAsync());
        events.Should().Contain(["sapi Create a role", "fapi Create a role", "sapi Associate permissions with a role", "fapi Associate permissions with a role",
            "sapi Update a role", "fapi Update a role", "sapi Remove permissions from a role", "sapi Delete a role"]);
    }

    [Fact]
    public async Task An_actions_secrets_are_set_by_name_only_dependencies_are_refused_at_deploy_and_an_old_version_is_rolled_back()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "secrets@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var list = await admin.GetAsync("/admin/actions");
        var created = await admin.PostAsync("/admin/actions?handler=Create", list.Html, new() { ["Name"] = "Versioned", ["Trigger"] = "post-login", ["Code"] = CodeA });
        var path = created.Location!;
        var id = path["/admin/actions/edit/".Length..];
        var edit = await admin.GetAsync(path);
        edit.Html.Should().Contain("id=\"no-secrets\"").And.Contain("id=\"no-dependencies\"");

        var set = await admin.PostAsync(path + "?handler=SetSecret", edit.Html, new() { ["SecretName"] = "API_KEY", ["SecretValue"] = "first-secret-value" });
        set.Html.Should().Contain("Secret API_KEY added.").And.Contain("data-secret=\"API_KEY\"").And.NotContain("first-secret-value");
        var stored = await StoredSecretsAsync(id);
        stored.Should().Contain("API_KEY").And.NotContain("first-secret-value");

        var tooLong = await admin.PostAsync(path + "?handler=SetSecret", edit.Html, new() { ["SecretName"] = "OTHER", ["SecretValue"] = new string('v', 4097) });
        DashboardCredentialsTests.After(tooLong.Html, "id=\"secret_value\"").Should().Contain("String is too long (4097 chars), maximum 4096");
        (await StoredSecretsAsync(id)).Should().Be(stored);

        var replaced = await admin.PostAsync(path + "?handler=SetSecret", edit.Html, new() { ["SecretName"] = "API_KEY", ["SecretValue"] = "second-secret-value" });
        replaced.Html.Should().Contain("Secret API_KEY replaced.").And.NotContain("second-secret-value");
        (await StoredSecretsAsync(id)).Should().NotBe(stored);
        var action = await management.GetAsync("actions/actions/" + id);
        action["secrets"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().Equal("API_KEY");
        action["secrets"]![0]!.AsObject().ContainsKey("value").Should().BeFalse();
        var removed = await admin.PostAsync(path + "?handler=RemoveSecret", edit.Html, new() { ["SecretName"] = "API_KEY" });
        removed.Html.Should().Contain("id=\"no-secrets\"");
        (await management.GetAsync("actions/actions/" + id))["secrets"]!.AsArray().Should().BeEmpty();

        var dependency = await admin.PostAsync(path + "?handler=AddDependency", edit.Html, new() { ["DependencyName"] = "lodash", ["DependencyVersion"] = "4.17.21" });
        dependency.Html.Should().Contain("data-dependency=\"lodash\"").And.Contain("lodash@4.17.21");
        var refused = await admin.PostAsync(path + "?handler=Deploy", edit.Html, []);
        WebUtility.HtmlDecode(refused.Html).Should().Contain(("The action declares the npm dependencies 'lodash@4.17.21', which Authgate cannot load: npm modules are not supported."));
        (await management.GetAsync($"actions/actions/{id}/versions"))["versions"]!.AsArray().Should().BeEmpty();
        (await admin.PostAsync(path + "?handler=RemoveDependency", edit.Html, new() { ["DependencyName"] = "lodash" })).Html.Should().Contain("id=\"no-dependencies\"");

        (await admin.PostAsync(path + "?handler=Deploy", edit.Html, [])).Html.Should().Contain("Version 1 deployed.");
        (await admin.PostAsync(path + "?handler=Save", edit.Html, new() { ["Code"] = CodeB })).Html.Should().Contain("Draft saved.");
        var second = await admin.PostAsync(path + "?handler=Deploy", edit.Html, []);
        second.Html.Should().Contain("Version 2 deployed.").And.Contain("Roll back to version 1");
        var versions = (await management.GetAsync($"actions/actions/{id}/versions"))["versions"]!.AsArray();
        var first = versions.Single(v => v!["number"]!.GetValue<int>() == 1)!["id"]!.GetValue<string>();

        var unknown = await admin.PostAsync(path + "?handler=RollBack", edit.Html, new() { ["VersionId"] = "no-such-version" });
        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        (await management.GetAsync($"actions/actions/{id}/versions"))["versions"]!.AsArray().Should().HaveCount(2);

        var rolledBack = await admin.PostAsync(path + "?handler=RollBack", edit.Html, new() { ["VersionId"] = first });
        rolledBack.Html.Should().Contain("Rolled back: version 3 deployed");
        var after = await management.GetAsync("actions/actions/" + id);
        after["deployed_version"]!["number"]!.GetValue<int>().Should().Be(3);
        after["deployed_version"]!["code"]!.GetValue<string>().Should().Be(CodeA);
        after["code"]!.GetValue<string>().Should().Be(CodeA, "the draft follows the rolled-back version");

        await factory.FlushLogsAsync();
        var events = await factory.WithDbAsync(db => db.Logs.AsNoTracking().Where(l => l.UserName == "secrets@example.test").Select(l => l.Type + " " + l.Description).ToListAsync());
        events.Should().Contain(["sapi Update an action", "fapi Update an action", "fapi Deploy an action", "sapi Roll back an action", "fapi Roll back an action"]);
    }

    [Fact]
    public async Task A_rules_config_is_set_and_deleted_by_key_its_value_never_shown_and_a_bad_key_is_refused_beside_the_form()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "configs@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var page = await admin.GetAsync("/admin/rules");
        page.Html.Should().Contain("id=\"no-configs\"");

        var bad = await admin.PostAsync("/admin/rules?handler=SetConfig", page.Html, new() { ["ConfigKey"] = "bad key!", ["ConfigValue"] = "v" });
        DashboardCredentialsTests.After(bad.Html, "id=\"config_value\"").Should().Contain("String does not match pattern");
        (await management.GetAsync("rules-configs")).AsArray().Should().BeEmpty();

        var saved = await admin.PostAsync("/admin/rules?handler=SetConfig", page.Html, new() { ["ConfigKey"] = "API_TOKEN", ["ConfigValue"] = "tok-0123456789" });
        saved.Html.Should().Contain("Setting API_TOKEN saved.").And.Contain("data-config=\"API_TOKEN\"").And.NotContain("tok-0123456789");
        (await admin.GetAsync("/admin/rules")).Html.Should().NotContain("tok-0123456789");
        (await management.GetAsync("rules-configs")).AsArray().Select(c => c!["key"]!.GetValue<string>()).Should().Equal("API_TOKEN");

        var deleted = await admin.PostAsync("/admin/rules?handler=DeleteConfig", page.Html, new() { ["ConfigKey"] = "API_TOKEN" });
        deleted.Html.Should().Contain("Setting API_TOKEN deleted.").And.Contain("id=\"no-configs\"");
        (await management.GetAsync("rules-configs")).AsArray().Should().BeEmpty();

        await factory.FlushLogsAsync();
        var events = await factory.WithDbAsync(db => db.Logs.AsNoTracking().Where(l => l.UserName == "configs@example.test").Select(l => l.Type + " " + l.Description).ToListAsync());
        events.Should().Contain(["sapi Set a rules config", "fapi Set a rules config", "sapi Delete a rules config"]);
    }

    private Task<string> StoredSecretsAsync(string id) =>
        factory.WithDbAsync(db => db.Actions.Where(a => a.Id == id).Select(a => a.SecretsJson).SingleAsync());
}

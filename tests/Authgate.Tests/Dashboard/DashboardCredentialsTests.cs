using System.Net;
using System.Security.Cryptography;
using Authgate.Tests.Infrastructure;
using Authgate.Tests.Management;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Dashboard;

/// <summary>The application page's <c>private_key_jwt</c> credentials and the LDAP connection form, through the admin services the Management API uses.</summary>
public sealed class DashboardCredentialsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly RSA key = TestKeys.Client();

    [Fact]
    public async Task A_public_key_is_added_chosen_as_the_method_used_at_the_token_endpoint_and_removed_and_bad_input_is_refused_beside_the_field()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "keys@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var app = await management.PostAsync("clients", new { name = "Signed app", app_type = "regular_web", grant_types = new[] { "password" }, token_endpoint_auth_method = "client_secret_post" });
        var clientId = app["client_id"]!.GetValue<string>();
        await ConnectionClients.EnableAsync(management, clientId);
        var path = "/admin/applications/settings/" + clientId;
        var page = await admin.GetAsync(path);
        page.Html.Should().Contain("id=\"no-credentials\"").And.Contain("<option value=\"private_key_jwt\"");

        // private_key_jwt without a key: refused beside the method, nothing written.
        var noKey = await admin.PostAsync(path + "?handler=Save", page.Html, Settings("private_key_jwt"));
        After(noKey.Html, "id=\"auth_method\"").Should().Contain("Add a public key credential below first");
        (await management.GetAsync("clients/" + clientId))["token_endpoint_auth_method"]!.GetValue<string>().Should().Be("client_secret_post");

        // Not a key: the service's message beside the PEM field (not the settings' name field), nothing written.
        var badPem = await admin.PostAsync(path + "?handler=AddCredential", page.Html, new() { ["CredentialName"] = "main", ["CredentialPem"] = "not a key", ["CredentialAlg"] = "RS256" });
        After(badPem.Html, "id=\"credential_pem\"").Should().Contain("The PEM is not a public key or an X.509 certificate");
        After(badPem.Html, "id=\"name\"").Should().NotContain("field-error", "the credential's errors stay beside the credential form");
        (await management.GetAsync($"clients/{clientId}/credentials")).AsArray().Should().BeEmpty();
        using (var small = RSA.Create(1024))
        {
            var weak = await admin.PostAsync(path + "?handler=AddCredential", page.Html, new() { ["CredentialPem"] = small.ExportSubjectPublicKeyInfoPem(), ["CredentialAlg"] = "RS256" });
            After(weak.Html, "id=\"credential_pem\"").Should().Contain("RSA keys must be at least 2048 bits");
        }

        var added = await admin.PostAsync(path + "?handler=AddCredential", page.Html, new() { ["CredentialName"] = "main", ["CredentialPem"] = key.ExportSubjectPublicKeyInfoPem(), ["CredentialAlg"] = "RS256" });
        added.Html.Should().Contain("data-credential=\"cred_").And.Contain(">main<");
        var credentialId = (await management.GetAsync($"clients/{clientId}/credentials")).AsArray().Single()!["id"]!.GetValue<string>();

        var chosen = await admin.PostAsync(path + "?handler=Save", page.Html, Settings("private_key_jwt"));
        chosen.Html.Should().Contain("Changes saved.").And.Contain("<option value=\"private_key_jwt\" selected=\"selected\"");
        var stored = await management.GetAsync("clients/" + clientId);
        stored["token_endpoint_auth_method"].Should().BeNull();
        stored["client_authentication_methods"]!["private_key_jwt"]!["credentials"]![0]!["id"]!.GetValue<string>().Should().Be(credentialId);
        using var http = factory.CreateClient();
        await (await SignedLoginAsync(http, clientId)).ShouldSucceedAsync();

        var removed = await admin.PostAsync(path + "?handler=RemoveCredential", page.Html, new() { ["CredentialId"] = credentialId });
        removed.Html.Should().Contain("Credential removed.").And.Contain("id=\"no-credentials\"");
        (await management.GetAsync($"clients/{clientId}/credentials")).AsArray().Should().BeEmpty();
        await (await SignedLoginAsync(http, clientId)).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "invalid_client");

        await factory.FlushLogsAsync();
        var events = await factory.WithDbAsync(db => db.Logs.AsNoTracking().Where(l => l.UserName == "keys@example.test").Select(l => l.Type + " " + l.Description).ToListAsync());
        events.Should().Contain(["sapi Create a client credential", "fapi Create a client credential", "sapi Delete a client credential", "sapi Update a client", "fapi Update a client"]);
    }

    [Fact]
    public async Task An_ldap_connection_is_created_and_edited_with_a_write_only_bind_password_and_bad_settings_are_refused_beside_the_field()
    {
        using var admin = await DashboardClient.SignedInAsync(factory, "ldap@example.test");
        var management = new Infrastructure.Management(factory.CreateClient());
        var form = await admin.GetAsync("/admin/connections/new?strategy=ad");
        form.Html.Should().Contain("Create LDAP connection").And.Contain("id=\"ldap_url\"").And.Contain("id=\"bind_password\" name=\"BindPassword\" type=\"password\"");

        var refused = await admin.PostAsync("/admin/connections/new", form.Html, Ldap("corp-ldap", "http://ldap.example.test", "hunter2-bind"));
        refused.Status.Should().Be(HttpStatusCode.OK);
        After(refused.Html, "id=\"ldap_url\"").Should().Contain("must be ldap://host[:port] or ldaps://host[:port]");
        refused.Html.Should().NotContain("hunter2-bind", "the bind password is never echoed back, not even into a refused form");
        (await factory.WithDbAsync(db => db.Connections.AnyAsync(c => c.Name == "corp-ldap"))).Should().BeFalse();

        var created = await admin.PostAsync("/admin/connections/new", form.Html, Ldap("corp-ldap", "ldap://ldap.example.test:389", "hunter2-bind"));
        created.Status.Should().Be(HttpStatusCode.Redirect);
        var id = created.Location!["/admin/connections/settings/".Length..];
        var stored = await management.GetAsync("connections/" + id);
        stored["strategy"]!.GetValue<string>().Should().Be("ad");
        stored["options"]!["ldap_url"]!.GetValue<string>().Should().Be("ldap://ldap.example.test:389");
        stored["options"]!["start_tls"]!.GetValue<bool>().Should().BeTrue();
        stored["options"]!.AsObject().ContainsKey("bind_password").Should().BeFalse();
        var secret = await factory.WithDbAsync(db => db.Connections.Where(c => c.Id == id).Select(c => c.SecretProtected).SingleAsync());
        secret.Should().NotBeNull().And.NotContain("hunter2-bind");

        var settings = await admin.GetAsync(created.Location!);
        settings.Html.Should().Contain("A password is stored").And.NotContain("hunter2-bind").And.Contain("value=\"cn=reader,dc=example,dc=test\"");

        // A blank password keeps the stored one; the filter changes.
        var saved = await admin.PostAsync(created.Location + "?handler=Save", settings.Html, Ldap("corp-ldap", "ldap://ldap.example.test:389", "", "(mail={0})"));
        saved.Html.Should().Contain("Changes saved.");
        (await management.GetAsync("connections/" + id))["options"]!["user_search_filter"]!.GetValue<string>().Should().Be("(mail={0})");
        (await factory.WithDbAsync(db => db.Connections.Where(c => c.Id == id).Select(c => c.SecretProtected).SingleAsync())).Should().Be(secret);

        var badFilter = await admin.PostAsync(created.Location + "?handler=Save", settings.Html, Ldap("corp-ldap", "ldap://ldap.example.test:389", "fresh-bind-secret", "mail=x"));
        After(badFilter.Html, "id=\"user_search_filter\"").Should().Contain("must be a parenthesised LDAP filter containing {0}");
        badFilter.Html.Should().NotContain("fresh-bind-secret");
        (await management.GetAsync("connections/" + id))["options"]!["user_search_filter"]!.GetValue<string>().Should().Be("(mail={0})");
        (await factory.WithDbAsync(db => db.Connections.Where(c => c.Id == id).Select(c => c.SecretProtected).SingleAsync())).Should().Be(secret);

        var replaced = await admin.PostAsync(created.Location + "?handler=Save", settings.Html, Ldap("corp-ldap", "ldaps://ldap.example.test", "fresh-bind-secret"));
        replaced.Html.Should().Contain("Changes saved.");
        var after = await management.GetAsync("connections/" + id);
        after["options"]!.AsObject().ContainsKey("start_tls").Should().BeFalse("ldaps:// is TLS from the start");
        (await factory.WithDbAsync(db => db.Connections.Where(c => c.Id == id).Select(c => c.SecretProtected).SingleAsync())).Should().NotBe(secret);

        await factory.FlushLogsAsync();
        var events = await factory.WithDbAsync(db => db.Logs.AsNoTracking().Where(l => l.UserName == "ldap@example.test").Select(l => l.Type + " " + l.Description).ToListAsync());
        events.Should().Contain(["sapi Create a connection", "fapi Create a connection", "sapi Update a connection", "fapi Update a connection"]);
    }

    /// <summary>The markup from the element whose attribute is <paramref name="marker"/> to the next label: where its messages go.</summary>
    internal static string After(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        start.Should().BeGreaterThan(-1, marker);
        var end = html.IndexOf("<label", start, StringComparison.Ordinal);
        return html[start..(end < 0 ? html.Length : end)];
    }

    private static Dictionary<string, string> Settings(string authMethod) => new()
    {
        ["Name"] = "Signed app", ["AppType"] = "regular_web", ["Callbacks"] = "", ["GrantTypes"] = "password", ["AuthMethod"] = authMethod,
        ["Rotation"] = "non-rotating", ["Expiration"] = "non-expiring",
    };

    private static Dictionary<string, string> Ldap(string name, string url, string password, string filter = "(uid={0})") => new()
    {
        ["Name"] = name, ["Strategy"] = "ad", ["LdapUrl"] = url, ["StartTls"] = "true", ["BindDn"] = "cn=reader,dc=example,dc=test", ["BindPassword"] = password,
        ["UserSearchBase"] = "ou=people,dc=example,dc=test", ["UserSearchFilter"] = filter,
    };

    private Task<HttpResponseMessage> SignedLoginAsync(HttpClient http, string clientId)
    {
        var now = factory.Clock.GetUtcNow();
        var assertion = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["iss"] = clientId, ["sub"] = clientId, ["aud"] = AuthgateFactory.Issuer, ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = (now + TimeSpan.FromMinutes(1)).ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        });
        var form = Protocol.PasswordGrant(clientId: clientId, clientSecret: null);
        form.Remove("client_id");
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = assertion;
        return http.PostFormAsync(form);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Protection;

public sealed class BreachedPasswordTests
{
    private const string Leaked = "This login attempt has been blocked because the password you're using was previously disclosed through a data breach (not in this application). Please check your email for more information.";

    private static async Task<(AuthgateFactory Factory, HttpClient Http, Infrastructure.Management Management)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var factory = new AuthgateFactory(TestTenant.Create(), settings);
        var management = new Infrastructure.Management(factory.CreateClient());
        var connection = await management.PostAsync("connections", new { name = "weak", strategy = "auth0", enabled_clients = new[] { TestTenant.WebClientId }, options = new { passwordPolicy = "none" } });
        connection["id"].Should().NotBeNull();
        return (factory, factory.CreateClient(), management);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient http, string username, string password)
    {
        var form = Protocol.PasswordGrant(username: username, password: password);
        form["grant_type"] = "http://auth0.com/oauth/grant-type/password-realm";
        form["realm"] = "weak";
        return http.PostFormAsync(form);
    }

    [Fact]
    public async Task When_enabled_a_breached_password_is_refused_at_login_and_logged()
    {
        var (factory, http, management) = await StartAsync();
        using var _ = factory;
        await management.PostAsync("users", new { connection = "weak", email = "common@example.test", password = "password1" });
        await management.PostAsync("users", new { connection = "weak", email = "trigger@example.test", password = "AUTH0-TEST-anything" });
        await (await LoginAsync(http, "common@example.test", "password1")).ShouldSucceedAsync();

        await management.PatchAsync("attack-protection/breached-password-detection", new { enabled = true, shields = new[] { "block" } });

        await (await LoginAsync(http, "common@example.test", "password1")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "password_leaked", Leaked);
        await (await LoginAsync(http, "trigger@example.test", "AUTH0-TEST-anything")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "password_leaked");
        await (await LoginAsync(http, "common@example.test", "not-the-password")).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "invalid_grant", "Wrong email or password.");
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "pwd_leak");
    }

    [Fact]
    public async Task Without_the_block_shield_the_leak_is_only_logged()
    {
        var (factory, http, management) = await StartAsync();
        using var _ = factory;
        await management.PostAsync("users", new { connection = "weak", email = "common@example.test", password = "qwerty123" });
        await management.PatchAsync("attack-protection/breached-password-detection", new { enabled = true, shields = Array.Empty<string>() });

        await (await LoginAsync(http, "common@example.test", "qwerty123")).ShouldSucceedAsync();
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "pwd_leak");
    }

    [Fact]
    public async Task A_mounted_range_corpus_is_used()
    {
        var corpus = Path.Combine(Path.GetTempPath(), "authgate-breach-corpus", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(corpus);
        var hash = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes("Correct-Horse-91")));
        await File.WriteAllTextAsync(Path.Combine(corpus, hash[..5]), $"0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n{hash[5..]}:42\r\n");
        var (factory, http, management) = await StartAsync(new Dictionary<string, string?> { ["Authgate:BreachedPasswords:RangeDirectory"] = corpus });
        using var _ = factory;
        await management.PostAsync("users", new { connection = "weak", email = "ranged@example.test", password = "Correct-Horse-91" });
        await management.PostAsync("users", new { connection = "weak", email = "safe@example.test", password = "Correct-Horse-92" });
        await management.PatchAsync("attack-protection/breached-password-detection", new { enabled = true, shields = new[] { "block" } });

        await (await LoginAsync(http, "ranged@example.test", "Correct-Horse-91")).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "password_leaked");
        await (await LoginAsync(http, "safe@example.test", "Correct-Horse-92")).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Passwords_set_through_the_management_api_are_checked()
    {
        var (factory, _, management) = await StartAsync();
        using var __ = factory;
        await management.PatchAsync("attack-protection/breached-password-detection", new { enabled = true, shields = new[] { "block" } });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Post, "users", new { connection = "weak", email = "new@example.test", password = "letmein" }), HttpStatusCode.BadRequest, "password_leaked");
        var user = await management.PostAsync("users", new { connection = "weak", email = "new@example.test", password = "a-fine-unique-passphrase" });
        await Infrastructure.Management.ShouldBeManagementErrorAsync(
            await management.SendAsync(HttpMethod.Patch, $"users/{Uri.EscapeDataString(user["user_id"]!.GetValue<string>())}", new { password = "AUTH0-TEST-x" }), HttpStatusCode.BadRequest, "password_leaked");
    }
}

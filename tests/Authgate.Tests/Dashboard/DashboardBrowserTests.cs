using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Authgate.Dashboard.Accounts;
using Authgate.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Authgate.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium driven by Playwright) against the server on a real Kestrel
/// socket: the seed's Dashboard steps end to end, then the new application's password grant over HTTP.
/// </summary>
public sealed class DashboardBrowserTests(KestrelFactory server) : IClassFixture<KestrelFactory>
{
    private const string Password = "browser admin password";

    /// <summary>When set, the main pages' screenshots are written there (how docs/screenshots was made).</summary>
    private static readonly string? ScreenshotDirectory = Environment.GetEnvironmentVariable("AUTHGATE_SCREENSHOTS");

    private async Task<(IPlaywright Playwright, IBrowser Browser, IPage Page)> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath ?? ChromiumFactAttribute.DefaultPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        page.SetDefaultTimeout(15000);
        return (playwright, browser, page);
    }

    private string Url(string path) => new Uri(server.Server, path).ToString();

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(Url("/admin"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        var secret = await page.Locator("[data-totp-secret]").InputValueAsync();
        await Shot(page, "sign-in-authenticator");
        await page.GetByLabel("Code").FillAsync(Authgate.Mfa.TotpCodes.Compute(OtpNet.Base32Encoding.ToBytes(secret), server.Factory.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Getting started" }).WaitForAsync();
    }

    private static async Task Shot(IPage page, string name)
    {
        if (ScreenshotDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        }
    }

    [ChromiumFact]
    public async Task The_seeds_dashboard_steps_end_to_end_then_a_password_grant_with_the_new_app_succeeds()
    {
        await DashboardClient.CreateAdminAsync(server.Factory, "seed@example.test", Password);
        var (playwright, browser, page) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;
        await SignInAsync(page, "seed@example.test");
        await Shot(page, "getting-started");

        // 1. A Regular Web App with an Allowed Callback URL and the Password grant.
        await page.GetByRole(AriaRole.Link, new() { Name = "Applications", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create application", Exact = true }).First.ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Seed Web App");
        await page.GetByLabel("Application type").SelectOptionAsync("regular_web");
        await page.GetByLabel("Allowed Callback URLs").FillAsync("https://seed-app.test/callback");
        await page.GetByLabel("Password", new() { Exact = true }).CheckAsync();
        await Shot(page, "create-application");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var clientId = (await page.Locator("#client-id").TextContentAsync())!.Trim();
        var clientSecret = (await page.Locator("[data-client-secret]").TextContentAsync())!.Trim();
        clientSecret.Should().HaveLength(64);
        await Shot(page, "application-settings");

        // 2. An API with offline access.
        await page.GetByRole(AriaRole.Link, new() { Name = "APIs", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create API", Exact = true }).First.ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Seed API");
        await page.GetByLabel("Identifier").FillAsync("https://seed-api.test/");
        await page.GetByLabel("Allow Offline Access").CheckAsync();
        await page.GetByLabel("Permissions (scopes)").FillAsync("read:things Read things");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Seed API" }).WaitForAsync();

        // 3. A database connection enabled for the app.
        await page.GetByRole(AriaRole.Link, new() { Name = "Connections", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create database connection", Exact = true }).First.ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("seed-users");
        await page.GetByLabel("Seed Web App").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "seed-users" }).WaitForAsync();

        // 4. Tenant Settings > Default Directory.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenant settings", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Tenant settings" }).WaitForAsync();
        await page.GetByLabel("Default Directory").SelectOptionAsync("seed-users");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByText("Tenant settings saved.").WaitForAsync();
        await Shot(page, "tenant-settings");

        // 5. A user in the connection.
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create user", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create user" }).WaitForAsync();
        await page.GetByLabel("Connection", new() { Exact = true }).SelectOptionAsync("seed-users");
        await page.GetByLabel("Email").FillAsync("seed-user@example.test");
        await page.GetByLabel("Password").FillAsync("Seed-User-Passw0rd!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "seed-user@example.test" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Shot(page, "users");

        // The application's credentials work over HTTP, with the default directory and offline access.
        using var http = new HttpClient { BaseAddress = server.Server };
        using var response = await http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["username"] = "seed-user@example.test",
            ["password"] = "Seed-User-Passw0rd!",
            ["audience"] = "https://seed-api.test/",
            ["scope"] = "openid offline_access read:things",
        }));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        var tokens = JsonNode.Parse(body)!;
        tokens["access_token"].Should().NotBeNull();
        tokens["refresh_token"].Should().NotBeNull("the API allows offline access");

        // The logs page shows the token request and the administrator's changes.
        await page.GetByRole(AriaRole.Link, new() { Name = "Logs", Exact = true }).ClickAsync();
        await page.GetByText("Create a client").First.WaitForAsync();
        await Shot(page, "logs");
        await page.GetByRole(AriaRole.Link, new() { Name = "Try it", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Try the Password grant" }).WaitForAsync();
        await page.GetByLabel("Username or email").FillAsync("seed-user@example.test");
        await page.GetByLabel("Password").FillAsync("Seed-User-Passw0rd!");
        await page.GetByLabel("Application").SelectOptionAsync(clientId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run the Password grant" }).ClickAsync();
        await page.Locator("[data-token=access_token]").WaitForAsync();
        await Shot(page, "try-it");
    }

    [ChromiumFact]
    public async Task A_validation_message_appears_next_to_the_field_and_an_end_user_cannot_sign_in()
    {
        await DashboardClient.CreateAdminAsync(server.Factory, "validation@example.test", Password);
        var (playwright, browser, page) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;

        await page.GotoAsync(Url("/admin/sign-in"));
        await page.GetByLabel("Email").FillAsync(TestTenant.JaneEmail);
        await page.GetByLabel("Password").FillAsync(TestTenant.JanePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByText("Wrong email or password.").WaitForAsync();

        await SignInAsync(page, "validation@example.test");
        await page.GotoAsync(Url("/admin/apis/new"));
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bad lifetime");
        await page.GetByLabel("Identifier").FillAsync("https://bad-lifetime.test/");
        await page.GetByLabel("Token lifetime (seconds)").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var message = page.Locator("#token_lifetime + .field-error");
        await message.WaitForAsync();
        (await message.TextContentAsync()).Should().NotBeNullOrWhiteSpace();
        await Shot(page, "validation");
        (await server.Factory.WithDbAsync(db => Task.FromResult(db.ResourceServers.Any(r => r.Name == "Bad lifetime")))).Should().BeFalse();
    }
}

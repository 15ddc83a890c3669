using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Authgate.Dashboard.Accounts;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Authgate.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium driven by Playwright) against the server on a real Kestrel
/// socket: the seed's Dashboard steps end to end, then the new application's password grant over HTTP; the
/// antiforgery refusal, the idle timeout, keyboard navigation and labels, and the narrow-screen layout.
/// </summary>
public sealed class DashboardBrowserTests(KestrelFactory server) : IClassFixture<KestrelFactory>
{
    private const string Password = "browser admin password";

    /// <summary>When set, the main pages' screenshots are written there (how docs/screenshots was made).</summary>
    private static readonly string? ScreenshotDirectory = Environment.GetEnvironmentVariable("AUTHGATE_SCREENSHOTS");

    /// <summary>Every form control on the page that has neither a label nor an aria-label(ledby).</summary>
    private const string UnlabelledControls = """
        () => Array.from(document.querySelectorAll('input, select, textarea'))
          .filter(e => !['hidden', 'submit', 'button', 'reset'].includes((e.getAttribute('type') || '').toLowerCase()))
          .filter(e => !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
          .map(e => location.pathname + location.search + ' #' + (e.id || e.name))
        """;

    /// <summary>What has the keyboard focus: an id, else the link's or button's text.</summary>
    private const string Focused = "() => { const e = document.activeElement; return e.id ? '#' + e.id : (e.textContent || '').trim(); }";

    private async Task<(IPlaywright Playwright, IBrowser Browser, IPage Page)> OpenAsync(int width = 1280, int height = 860)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath ?? ChromiumFactAttribute.DefaultPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
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

    [ChromiumFact]
    public async Task A_form_whose_antiforgery_token_was_tampered_with_is_refused_in_the_browser_and_writes_nothing()
    {
        await DashboardClient.CreateAdminAsync(server.Factory, "forgery@example.test", Password);
        var (playwright, browser, page) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;
        await SignInAsync(page, "forgery@example.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("forged-role");
        // What a page on another site could send: the form without the token this session was given.
        var tampered = await page.EvaluateAsync<int>("() => { const f = document.querySelector('form#create'); f.querySelector('input[name=__RequestVerificationToken]').value = 'forged'; return f.querySelectorAll('input[name=__RequestVerificationToken]').length; }");
        tampered.Should().Be(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByText("This form has expired or did not come from the dashboard.").WaitForAsync();

        // Removed altogether: the same refusal.
        await page.GotoAsync(Url("/admin/roles"));
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("forged-role");
        await page.EvaluateAsync("() => document.querySelector('form#create input[name=__RequestVerificationToken]').remove()");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByText("This form has expired or did not come from the dashboard.").WaitForAsync();
        (await server.Factory.WithDbAsync(db => Task.FromResult(db.Roles.Any(r => r.Name == "forged-role")))).Should().BeFalse();

        // The untouched form still works: the refusal was the token's.
        await page.GotoAsync(Url("/admin/roles"));
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("real-role");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "real-role" }).WaitForAsync();
    }

    [ChromiumFact]
    public async Task After_the_idle_timeout_the_next_click_lands_on_the_sign_in_page_and_the_pending_form_writes_nothing()
    {
        await DashboardClient.CreateAdminAsync(server.Factory, "idle@example.test", Password);
        var (playwright, browser, page) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;
        await SignInAsync(page, "idle@example.test");
        await page.GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("too-late-role");

        // The server's clock, not a sleep: the session has been idle one minute longer than allowed.
        var idle = server.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Authgate.Dashboard.DashboardOptions>>().Value.IdleTimeoutMinutes;
        server.Factory.Clock.Advance(TimeSpan.FromMinutes(idle + 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the dashboard" }).WaitForAsync();
        page.Url.Should().EndWith("/admin/sign-in");
        (await server.Factory.WithDbAsync(db => Task.FromResult(db.Roles.Any(r => r.Name == "too-late-role")))).Should().BeFalse();

        // Navigation too: every page asks for the sign-in again.
        await page.GotoAsync(Url("/admin/applications"));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the dashboard" }).WaitForAsync();
    }

    [ChromiumFact]
    public async Task The_keyboard_reaches_the_sign_in_fields_and_the_navigation_in_order_and_every_control_has_a_label()
    {
        await DashboardClient.CreateAdminAsync(server.Factory, "keyboard@example.test", Password);
        var (playwright, browser, page) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;

        // Sign in with the keyboard alone.
        await page.GotoAsync(Url("/admin"));
        (await page.EvaluateAsync<string>(Focused)).Should().Be("#email", "the email field has the focus first");
        await page.Keyboard.TypeAsync("keyboard@example.test");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>(Focused)).Should().Be("#password");
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>(Focused)).Should().Be("Continue");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-totp-secret]").WaitForAsync();
        var secret = await page.Locator("[data-totp-secret]").InputValueAsync();
        (await page.EvaluateAsync<string>(Focused)).Should().Be("#code");
        await page.Keyboard.TypeAsync(Authgate.Mfa.TotpCodes.Compute(OtpNet.Base32Encoding.ToBytes(secret), server.Factory.Clock.GetUtcNow()));
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Getting started" }).WaitForAsync();

        // From the top of the page: the skip link, the header, then every navigation link in order.
        var links = await page.Locator("nav.side a").AllTextContentsAsync();
        links.Should().HaveCountGreaterThan(10);
        await page.GotoAsync(Url("/admin"));
        var order = new List<string>();
        for (var i = 0; i < links.Count + 6 && !order.Contains(links[^1]); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            order.Add(await page.EvaluateAsync<string>(Focused));
        }

        order[0].Should().Be("Skip to content");
        order.Where(links.Contains).Should().Equal(links, "Tab walks the navigation in its visual order");
        order.SkipWhile(f => f != links[0]).Take(links.Count).Should().Equal(links, "nothing sits between the navigation links");

        // The skip link moves the focus to the page's content.
        await page.GotoAsync(Url("/admin"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        (await page.EvaluateAsync<string>(Focused)).Should().Be("#main");

        // Every form control of every main page has a label.
        using var api = server.Client();
        var management = new Infrastructure.Management(api);
        var role = await management.OkAsync(HttpMethod.Post, "roles", new { name = "labelled" });
        var action = await management.PostAsync("actions/actions", new { name = "labelled", supported_triggers = new[] { new { id = "post-login", version = "v3" } }, code = "exports.onExecutePostLogin = async () => {};" });
        var jane = await server.Factory.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.Email == TestTenant.JaneEmail).Select(u => u.UserId).Single()));
        var unlabelled = new List<string>();
        foreach (var path in new[]
        {
            "/admin", "/admin/applications", "/admin/applications/new", $"/admin/applications/settings/{TestTenant.WebClientId}", "/admin/apis", "/admin/apis/new",
            "/admin/grants", "/admin/grants/new", "/admin/connections", "/admin/connections/new", "/admin/connections/new?strategy=ad", "/admin/users", "/admin/users/new",
            "/admin/users/settings/" + Uri.EscapeDataString(jane), "/admin/roles", "/admin/roles/edit/" + role["id"]!.GetValue<string>(), "/admin/tenant",
            "/admin/attack-protection", "/admin/mfa", "/admin/actions", "/admin/actions/edit/" + action["id"]!.GetValue<string>(), "/admin/rules", "/admin/logs",
            "/admin/keys", "/admin/try-it",
        })
        {
            var response = await page.GotoAsync(Url(path));
            response!.Status.Should().Be(200, path);
            unlabelled.AddRange(await page.EvaluateAsync<string[]>(UnlabelledControls));
        }

        unlabelled.Should().BeEmpty();
    }

    [ChromiumFact]
    public async Task On_a_phone_sized_screen_the_main_pages_fit_the_width()
    {
        await DashboardClient.CreateAdminAsync(server.Factory, "narrow@example.test", Password);
        var (playwright, browser, page) = await OpenAsync(390, 844);
        using var _ = playwright;
        await using var __ = browser;
        await SignInAsync(page, "narrow@example.test");
        foreach (var (path, name) in new[] { ("/admin", "narrow-getting-started"), ($"/admin/applications/settings/{TestTenant.WebClientId}", "narrow-application"), ("/admin/users", "narrow-users") })
        {
            await page.GotoAsync(Url(path));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            overflow.Should().BeLessThanOrEqualTo(0, $"{path} scrolls sideways on a 390 px screen");
            await Shot(page, name);
        }
    }
}

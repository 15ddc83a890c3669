using System.Net;
using System.Text.RegularExpressions;
using Authgate.Dashboard.Accounts;
using Authgate.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Dashboard;

/// <summary>
/// A browser-like client of the dashboard over HTTPS (cookies kept, redirects not followed): it reads the
/// antiforgery token out of each page as a browser submits it, and computes TOTP codes from the enrolment page.
/// </summary>
internal sealed partial class DashboardClient(AuthgateFactory factory, HttpClient http) : IDisposable
{
    public const string Email = "admin@example.test";
    public const string Password = "correct horse battery staple";

    public HttpClient Http { get; } = http;

    public string? TotpSecret { get; private set; }

    public static DashboardClient Anonymous(AuthgateFactory factory) =>
        new(factory, factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false }));

    public static async Task CreateAdminAsync(AuthgateFactory factory, string email = Email, string password = Password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AdminAccounts>().CreateAsync(email, password, CancellationToken.None);
        result.Error.Should().BeNull();
    }

    /// <summary>An administrator (created if needed) through both steps; the clock moves past the used code's step.</summary>
    public static async Task<DashboardClient> SignedInAsync(AuthgateFactory factory, string email = Email, string password = Password)
    {
        var client = Anonymous(factory);
        var (status, _) = await client.SignInAsync(email, password);
        if (status != HttpStatusCode.Redirect)
        {
            await CreateAdminAsync(factory, email, password);
            (status, _) = await client.SignInAsync(email, password);
        }

        status.Should().Be(HttpStatusCode.Redirect);
        var page = await client.GetAsync("/admin/code");
        client.TotpSecret = Secret(page.Html) ?? throw new InvalidOperationException("No enrolment key on the code page.");
        var done = await client.PostAsync("/admin/code", page.Html, new() { ["Code"] = client.CurrentCode() });
        done.Status.Should().Be(HttpStatusCode.Redirect);
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        return client;
    }

    public string CurrentCode() => Authgate.Mfa.TotpCodes.Compute(OtpNet.Base32Encoding.ToBytes(TotpSecret!), factory.Clock.GetUtcNow());

    public async Task<(HttpStatusCode Status, string Html)> SignInAsync(string email, string password)
    {
        var form = await GetAsync("/admin/sign-in");
        var answer = await PostAsync("/admin/sign-in", form.Html, new() { ["Email"] = email, ["Password"] = password });
        return (answer.Status, answer.Html);
    }

    public async Task<Page> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString(), response);
    }

    /// <summary>Posts a form as the browser would from <paramref name="formPage"/> (its antiforgery token included).</summary>
    public async Task<Page> PostAsync(string path, string? formPage, Dictionary<string, string> fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        if (formPage is not null && Token(formPage) is { } token)
        {
            values.Add(new("__RequestVerificationToken", token));
        }

        using var response = await Http.PostAsync(path, new FormUrlEncodedContent(values));
        return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString(), response);
    }

    public static string? Token(string html) => TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public static string? Secret(string html) => SecretPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("value=\"([A-Z2-7]+)\" class=\"mono\" data-totp-secret")]
    private static partial Regex SecretPattern();

    internal sealed record Page(HttpStatusCode Status, string Html, string? Location, HttpResponseMessage Response)
    {
        public IEnumerable<string> Header(string name) =>
            Response.Headers.TryGetValues(name, out var values) ? values : Response.Content.Headers.TryGetValues(name, out var content) ? content : [];
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Authgate.Jobs;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Jobs;

/// <summary><c>POST /api/v2/jobs/users-exports</c>: gzipped NDJSON or CSV behind a short-lived signed link, never a hash.</summary>
public sealed class ExportJobTests : IClassFixture<AuthgateFactory>
{
    private readonly AuthgateFactory factory;
    private readonly HttpClient http;
    private readonly JobsClient jobs;

    public ExportJobTests(AuthgateFactory factory)
    {
        this.factory = factory;
        http = factory.CreateClient();
        jobs = new JobsClient(factory, http);
    }

    private async Task<JsonNode> ExportAsync(object body)
    {
        var created = await jobs.Management.OkAsync(HttpMethod.Post, "jobs/users-exports", body);
        created["type"]!.GetValue<string>().Should().Be("users_export");
        created["status"]!.GetValue<string>().Should().Be("pending");
        await factory.Services.GetRequiredService<JobRunner>().WhenIdleAsync();
        var done = await jobs.Management.GetAsync("jobs/" + created["id"]);
        done["status"]!.GetValue<string>().Should().Be("completed");
        return done;
    }

    private async Task<string> DownloadAsync(JsonNode job)
    {
        var location = new Uri(job["location"]!.GetValue<string>());
        location.GetLeftPart(UriPartial.Authority).Should().Be(AuthgateFactory.Issuer.TrimEnd('/'));
        var response = await http.GetAsync(location.PathAndQuery);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/gzip");
        return JobsClient.Gunzip(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_json_export_is_ndjson_with_the_chosen_fields_and_no_password_hash()
    {
        var connection = await jobs.ConnectionIdAsync(TestTenant.Connection);
        var job = await ExportAsync(new
        {
            connection_id = connection,
            format = "json",
            fields = new object[] { new { name = "user_id" }, new { name = "email" }, new { name = "identities[0].connection", export_as = "provider_connection" }, new { name = "app_metadata" } },
        });

        var lines = (await DownloadAsync(job)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2, "the default connection has Jane and the blocked user");
        var jane = lines.Select(l => JsonNode.Parse(l)!).Single(l => l["email"]!.GetValue<string>() == TestTenant.JaneEmail);
        jane["user_id"]!.GetValue<string>().Should().StartWith("auth0|");
        jane["provider_connection"]!.GetValue<string>().Should().Be(TestTenant.Connection);
        jane.AsObject().Select(p => p.Key).Should().Equal("user_id", "email", "provider_connection", "app_metadata");
        string.Join('\n', lines).Should().NotContain("argon2").And.NotContain("password");
    }

    [Fact]
    public async Task A_csv_export_of_all_connections_escapes_formulas_and_honours_the_limit()
    {
        await jobs.Management.PatchAsync("users/" + Uri.EscapeDataString(await JaneIdAsync()), new { name = "=HYPERLINK(\"x\")" });
        var job = await ExportAsync(new { format = "csv", fields = new object[] { new { name = "email" }, new { name = "name", export_as = "Full name" } } });

        var rows = (await DownloadAsync(job)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].Should().Be("\"email\",\"Full name\"");
        rows.Should().HaveCount(1 + 4, "every connection's users");
        rows.Should().Contain($"\"{TestTenant.JaneEmail}\",\"'=HYPERLINK(\"\"x\"\")\"");

        var limited = await ExportAsync(new { format = "csv", limit = 2, fields = new object[] { new { name = "email" } } });
        (await DownloadAsync(limited)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3);
    }

    [Fact]
    public async Task The_download_link_is_signed_and_expires()
    {
        var job = await ExportAsync(new { format = "json" });
        var location = new Uri(job["location"]!.GetValue<string>());

        (await http.GetAsync(location.PathAndQuery.Replace("sig=", "sig=0", StringComparison.Ordinal))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        (await http.GetAsync(location.PathAndQuery)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await DownloadAsync(await jobs.Management.GetAsync("jobs/" + job["id"]))).Should().Contain(TestTenant.JaneEmail, "a fresh GET gives a fresh link");
    }

    [Theory]
    [InlineData("""{"format":"xml"}""", "format")]
    [InlineData("""{"fields":[{"name":"password_hash"}]}""", "fields[0].name")]
    [InlineData("""{"format":"csv","fields":[{"name":"app_metadata"}]}""", "fields[0]")]
    [InlineData("""{"limit":0}""", "limit")]
    [InlineData("""{"frobnicate":true}""", "frobnicate")]
    public async Task Bad_export_requests_are_refused(string body, string mentioned)
    {
        var response = await jobs.Management.SendAsync(HttpMethod.Post, "jobs/users-exports", body);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body", mentioned);
    }

    private async Task<string> JaneIdAsync() =>
        (await jobs.Management.GetAsync("users-by-email?email=" + TestTenant.JaneEmail)).AsArray()[0]!["user_id"]!.GetValue<string>();
}

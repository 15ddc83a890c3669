using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Admin;

/// <summary>Lists in every shape an SDK generation expects, fields selection, rate-limit headers and unknown routes.</summary>
public sealed class ListsAndLimitsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    [Fact]
    public async Task Lists_are_bare_arrays_by_default_and_wrapped_with_include_totals()
    {
        (await management.GetAsync("clients")).Should().BeOfType<JsonArray>();

        var page = (await management.GetAsync("clients?include_totals=true&page=1&per_page=2")).AsObject();
        page["clients"]!.AsArray().Should().HaveCount(2);
        page["start"]!.GetValue<int>().Should().Be(2);
        page["limit"]!.GetValue<int>().Should().Be(2);
        page["total"]!.GetValue<int>().Should().BeGreaterThan(4);

        var all = (await management.GetAsync("clients?per_page=100")).AsArray().Select(c => c!["client_id"]!.GetValue<string>()).ToList();
        var paged = new List<string>();
        for (var i = 0; i * 3 < all.Count; i++)
        {
            paged.AddRange((await management.GetAsync($"clients?page={i}&per_page=3")).AsArray().Select(c => c!["client_id"]!.GetValue<string>()));
        }

        paged.Should().Equal(all, "offset pages cover the list once, in order");
    }

    [Theory]
    [InlineData("connections")]
    [InlineData("client-grants")]
    [InlineData("clients")]
    public async Task Checkpoint_paging_follows_next_to_the_end(string resource)
    {
        var name = resource.Replace('-', '_');
        if (resource == "client-grants")
        {
            foreach (var client in new[] { TestTenant.WebClientId, TestTenant.HsClientId, TestTenant.RotatingClientId })
            {
                await management.SendAsync(HttpMethod.Post, "client-grants", new { client_id = client, audience = TestTenant.Api, scope = new[] { "read:sample" } });
            }
        }

        var all = (await management.GetAsync($"{resource}?per_page=100")).AsArray().Select(i => Id(i!)).ToList();
        all.Should().HaveCountGreaterThan(2);

        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = (await management.GetAsync($"{resource}?take=2" + (next is null ? "" : $"&from={next}"))).AsObject();
            page.ContainsKey("total").Should().BeFalse();
            seen.AddRange(page[name]!.AsArray().Select(i => Id(i!)));
            next = page["next"]?.GetValue<string>();
        }
        while (next is not null);

        seen.Should().BeEquivalentTo(all).And.OnlyHaveUniqueItems();

        static string Id(JsonNode item) => (item["id"] ?? item["client_id"])!.GetValue<string>();
    }

    [Fact]
    public async Task Fields_and_include_fields_select_what_is_returned()
    {
        var only = (await management.GetAsync("clients?fields=client_id,name&include_fields=true")).AsArray();
        only.Should().OnlyContain(c => c!.AsObject().Select(p => p.Key).OrderBy(k => k).SequenceEqual(new[] { "client_id", "name" }));

        var without = (await management.GetAsync($"clients/{TestTenant.WebClientId}?fields=callbacks,grant_types&include_fields=false")).AsObject();
        without.ContainsKey("callbacks").Should().BeFalse();
        without.ContainsKey("grant_types").Should().BeFalse();
        without["name"]!.GetValue<string>().Should().Be("Web");

        var tenant = (await management.GetAsync("tenants/settings?fields=default_directory")).AsObject();
        tenant.Select(p => p.Key).Should().Equal("default_directory");
    }

    [Fact]
    public async Task The_identifiers_filter_returns_only_those_apis()
    {
        var apis = (await management.GetAsync($"resource-servers?identifiers={Uri.EscapeDataString(TestTenant.Api)}&identifiers={Uri.EscapeDataString(TestTenant.HsApi)}")).AsArray();

        apis.Select(a => a!["identifier"]!.GetValue<string>()).Should().BeEquivalentTo(TestTenant.Api, TestTenant.HsApi);
    }

    [Theory]
    [InlineData("clients?per_page=101", "Query validation error: 'Value 101 is greater than maximum 100' on property per_page.")]
    [InlineData("clients?page=-1", "Query validation error: 'Value -1 is less than minimum 0' on property page.")]
    [InlineData("clients?include_totals=yes", "Query validation error: 'Expected type boolean but found type string' on property include_totals.")]
    [InlineData("connections?take=0", "Query validation error: 'Value 0 is less than minimum 1' on property take.")]
    [InlineData("connections?take=2&from=%21%21", "Query validation error: 'from' is not a valid checkpoint.")]
    public async Task Bad_paging_parameters_are_query_errors(string path, string message) =>
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, path), HttpStatusCode.BadRequest, "invalid_query_string", message);

    [Theory]
    [InlineData("GET", "branding")]
    [InlineData("POST", "organizations")]
    [InlineData("GET", "hooks")]
    [InlineData("GET", "attack-protection/bot-detection")]
    [InlineData("DELETE", "device-credentials/dcr_123")]
    public async Task Resource_types_not_served_answer_like_an_unknown_route(string method, string path)
    {
        var response = await management.SendAsync(new HttpMethod(method), path, method == "GET" ? null : new { name = "x" });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.NotFound, "not_found", "Not Found");
        response.Headers.Contains("X-RateLimit-Limit").Should().BeTrue();
    }

    [Fact]
    public async Task Every_management_answer_reports_the_rate_limit()
    {
        foreach (var response in new[]
        {
            await management.SendAsync(HttpMethod.Get, "clients"),
            await management.SendAsync(HttpMethod.Get, "roles"),
            await http.GetAsync("/api/v2/clients"),
            await management.SendAsync(HttpMethod.Post, "clients", new { nope = 1 }),
        })
        {
            response.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("6000");
            int.Parse(response.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(0, 5999);
            long.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture)
                .Should().BeGreaterThan(factory.Clock.GetUtcNow().ToUnixTimeSeconds());
        }

        (await http.GetAsync("/.well-known/jwks.json")).Headers.Contains("X-RateLimit-Limit").Should().BeFalse();
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Management;

public sealed class ClientsApiTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    private static object NewClient(string name) => new
    {
        name,
        app_type = "regular_web",
        grant_types = new[] { "password", "refresh_token" },
        callbacks = new[] { "https://new.test/cb" },
        token_endpoint_auth_method = "client_secret_post",
        jwt_configuration = new { alg = "RS256", lifetime_in_seconds = 3600 },
    };

    [Fact]
    public async Task Created_client_works_at_the_token_endpoint_at_once()
    {
        var created = await management.PostAsync("clients", NewClient("Created"));
        var clientId = created["client_id"]!.GetValue<string>();
        var secret = created["client_secret"]!.GetValue<string>();
        await EnableAsync(clientId);

        created["name"]!.GetValue<string>().Should().Be("Created");
        created["grant_types"]!.AsArray().Select(g => g!.GetValue<string>()).Should().Equal("password", "refresh_token");
        created["jwt_configuration"]!["lifetime_in_seconds"]!.GetValue<int>().Should().Be(3600);
        secret.Should().HaveLength(64);
        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Get_and_list_with_totals()
    {
        var created = await management.PostAsync("clients", NewClient("Listed"));
        var clientId = created["client_id"]!.GetValue<string>();

        (await management.GetAsync($"clients/{clientId}"))["name"]!.GetValue<string>().Should().Be("Listed");
        var page = await management.GetAsync("clients?include_totals=true&per_page=2&page=0");
        page["total"]!.GetValue<int>().Should().BeGreaterThan(2);
        page["limit"]!.GetValue<int>().Should().Be(2);
        page["clients"]!.AsArray().Should().HaveCount(2);
        var all = (await management.GetAsync("clients?per_page=100")).AsArray();
        all.Select(c => c!["client_id"]!.GetValue<string>()).Should().Contain([clientId, TestTenant.WebClientId]);
    }

    [Fact]
    public async Task Patch_changes_grant_types_and_the_token_endpoint_follows()
    {
        var created = await management.PostAsync("clients", NewClient("Patched"));
        var clientId = created["client_id"]!.GetValue<string>();
        var secret = created["client_secret"]!.GetValue<string>();
        await EnableAsync(clientId);

        var patched = await management.PatchAsync($"clients/{clientId}", new { grant_types = new[] { "refresh_token" }, name = "Renamed" });

        patched["name"]!.GetValue<string>().Should().Be("Renamed");
        patched["callbacks"]!.AsArray().Should().ContainSingle("fields not in the patch are kept");
        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret)))
            .ShouldBeErrorAsync(HttpStatusCode.Forbidden, "unauthorized_client");
    }

    [Fact]
    public async Task Rotate_secret_invalidates_the_old_one()
    {
        var created = await management.PostAsync("clients", NewClient("Rotated"));
        var clientId = created["client_id"]!.GetValue<string>();
        var old = created["client_secret"]!.GetValue<string>();
        await EnableAsync(clientId);

        var rotated = await management.OkAsync(HttpMethod.Post, $"clients/{clientId}/rotate-secret");

        var fresh = rotated["client_secret"]!.GetValue<string>();
        fresh.Should().NotBe(old);
        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: old))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied");
        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: fresh))).ShouldSucceedAsync();
    }

    [Fact]
    public async Task Delete_removes_the_client_and_its_tokens_stop_working()
    {
        var created = await management.PostAsync("clients", NewClient("Deleted"));
        var clientId = created["client_id"]!.GetValue<string>();
        var secret = created["client_secret"]!.GetValue<string>();

        await management.DeleteAsync($"clients/{clientId}");

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Get, $"clients/{clientId}"), HttpStatusCode.NotFound, "inexistent_client");
        await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: clientId, clientSecret: secret))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied");
        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Delete, $"clients/{clientId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_client_id_cannot_be_chosen_through_the_api()
    {
        var response = await management.SendAsync(HttpMethod.Post, "clients", new { name = "Dup", client_id = TestTenant.WebClientId, app_type = "spa" });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body", "Payload validation error: 'Additional properties not allowed: client_id'.");
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"name":"X","app_type":"spa","unknown_field":1}""", "Additional properties not allowed: unknown_field" },
        { """{"name":"X","app_type":"spa","is_first_party":"yes"}""", "Payload validation error: 'Expected type boolean but found type string' on property is_first_party" },
        { """{"name":"X","app_type":"regular_web","callbacks":["not a url"]}""", "'Object didn't pass validation for format callback-url: not a url' on property callbacks[0]" },
        { """{"app_type":"spa"}""", "Payload validation error: 'Missing required property: name'." },
        { """{"name":"X","app_type":"spaceship"}""", "'Invalid property \"spaceship\"' on property app_type" },
        { """{"name":"X","app_type":"spa","grant_types":["client_credentials"]}""", "cannot use client_credentials" },
        { """{"name":"X<script>"}""", "'String does not match pattern ^[^<>]+$: X<script>' on property name" },
        { """{"name":"X","description":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"}""", "'String is too long (142 chars), maximum 140' on property description" },
        { """{"name":"X","jwt_configuration":{"lifetime_in_seconds":0}}""", "'Value 0 is less than minimum 1' on property jwt_configuration.lifetime_in_seconds" },
        { """{"name":"X","client_metadata":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11"}}""", "'Too many properties defined (11), maximum 10' on property client_metadata" },
        { """{"name":"X","client_metadata":{"a":1}}""", "'Expected type string but found type integer' on property client_metadata.a" },
        { """{"name":"X","refresh_token":{"rotation_type":"rotating","expiration_type":"non-expiring"}}""", "Rotating refresh tokens must be expiring" },
        { """{"name":"X","addons":{"teleport":{}}}""", "'Additional properties not allowed: teleport' on property addons" },
        { """[1,2,3]""", "Payload validation error: 'Expected type object but found type array'." },
        { """{"name":""", "JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_bodies_are_400_and_nothing_is_written(string body, string expected)
    {
        var before = (await management.GetAsync("clients?include_totals=true"))["total"]!.GetValue<int>();

        var response = await management.SendAsync(HttpMethod.Post, "clients", body);

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, messageContains: expected);
        (await management.GetAsync("clients?include_totals=true"))["total"]!.GetValue<int>().Should().Be(before);
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var response = await management.SendAsync(HttpMethod.Post, "clients", new { name = new string('x', 300 * 1024), app_type = "spa" });

        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Secrets_are_listed_only_with_read_client_keys()
    {
        var token = await Infrastructure.Management.TokenAsync(http, scope: "read:clients");

        var response = await management.SendAsync(HttpMethod.Get, $"clients/{TestTenant.WebClientId}", bearer: token);

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        json["client_secret"].Should().BeNull();
        (await management.GetAsync($"clients/{TestTenant.WebClientId}"))["client_secret"]!.GetValue<string>().Should().Be(TestTenant.WebClientSecret);
    }

    private Task<JsonNode> EnableAsync(string clientId) => ConnectionClients.EnableAsync(management, clientId);

    private async Task<string> ConnectionIdAsync() =>
        (await management.GetAsync($"connections?name={TestTenant.Connection}")).AsArray().Single()!["id"]!.GetValue<string>();
}

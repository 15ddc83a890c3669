using System.Net;
using System.Text;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Security;

/// <summary>
/// JSON that parsers disagree on (duplicate names, unpaired surrogates, invalid UTF-8) is refused with 400
/// invalid_body and stores nothing; rows an older version stored that way never break a read or a listing.
/// </summary>
public sealed class JsonBodyTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly Infrastructure.Management admin = new(factory.CreateClient());

    private async Task RefusedAsync(HttpMethod method, string path, string body, string messageContains)
    {
        var response = await admin.SendAsync(method, path, body);
        await Infrastructure.Management.ShouldBeManagementErrorAsync(response, HttpStatusCode.BadRequest, "invalid_body", messageContains);
    }

    private async Task<string> IdOfAsync(string list, string field, string value) =>
        (await admin.GetAsync(list)).AsArray().First(n => n![field]!.GetValue<string>() == value)!["id"]!.GetValue<string>();

    [Fact]
    public async Task Duplicate_property_names_are_refused_everywhere_and_change_nothing()
    {
        var client = (await admin.GetAsync("clients")).AsArray().First(c => c!["client_id"]!.GetValue<string>() == TestTenant.WebClientId)!;
        var api = await IdOfAsync("resource-servers", "identifier", TestTenant.Api);
        var connection = await IdOfAsync("connections", "name", TestTenant.Connection);

        await RefusedAsync(HttpMethod.Patch, $"clients/{TestTenant.WebClientId}", """{"name":"a","name":"b"}""", "Duplicate property: name");
        await RefusedAsync(HttpMethod.Patch, $"resource-servers/{api}", """{"token_lifetime":60,"token_lifetime":"x"}""", "Duplicate property: token_lifetime");
        await RefusedAsync(HttpMethod.Patch, $"connections/{connection}", """{"options":{"brute_force_protection":true,"brute_force_protection":false}}""", "Duplicate property");
        await RefusedAsync(HttpMethod.Patch, "attack-protection/brute-force-protection", """{"max_attempts":3,"max_attempts":4}""", "Duplicate property");
        await RefusedAsync(HttpMethod.Post, "users", $$$"""{"connection":"{{{TestTenant.Connection}}}","email":"dup@example.test","password":"{{{TestTenant.Password}}}","user_metadata":{"a":1,"a":2}}""", "Duplicate property: a");

        (await admin.GetAsync($"clients/{TestTenant.WebClientId}"))["name"]!.GetValue<string>().Should().Be(client["name"]!.GetValue<string>());
        (await admin.GetAsync("attack-protection/brute-force-protection"))["max_attempts"]!.GetValue<int>().Should().Be(10);
        (await admin.GetAsync("users-by-email?email=dup@example.test")).AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Unpaired_surrogates_are_refused_and_nothing_is_stored()
    {
        await RefusedAsync(HttpMethod.Post, "users", $$$"""{"connection":"{{{TestTenant.Connection}}}","email":"lone@example.test","password":"{{{TestTenant.Password}}}","user_metadata":{"a":"\ud800"}}""", "unpaired surrogate");
        await RefusedAsync(HttpMethod.Post, "users", $$$"""{"connection":"{{{TestTenant.Connection}}}","email":"lone@example.test","password":"{{{TestTenant.Password}}}","app_metadata":{"\udc00":1}}""", "unpaired surrogate");
        await RefusedAsync(HttpMethod.Post, "connections", """{"name":"lone-options","strategy":"auth0","options":{"x":"a\udfffb"}}""", "unpaired surrogate");

        (await admin.GetAsync("users-by-email?email=lone@example.test")).AsArray().Should().BeEmpty();
        (await admin.GetAsync("users")).AsArray().Should().NotBeEmpty();
        (await admin.GetAsync("connections")).AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().NotContain("lone-options");

        // A pair written as two escapes is a valid character and is kept.
        var ok = await admin.SendAsync(HttpMethod.Post, "users", $$$"""{"connection":"{{{TestTenant.Connection}}}","email":"pair@example.test","password":"{{{TestTenant.Password}}}","user_metadata":{"emoji":"\ud83d\ude00"}}""");
        ok.StatusCode.Should().Be(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        (await admin.GetAsync("users-by-email?email=pair@example.test")).AsArray()[0]!["user_metadata"]!["emoji"]!.GetValue<string>().Should().Be("😀");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_patch_is_refused_not_replaced()
    {
        var jane = (await admin.GetAsync($"users-by-email?email={TestTenant.JaneEmail}")).AsArray()[0]!["user_id"]!.GetValue<string>();
        var bytes = Encoding.UTF8.GetBytes("""{"user_metadata":{"city":"Xbad"}}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xC3; // a lead byte followed by ASCII: not UTF-8
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v2/users/" + Uri.EscapeDataString(jane)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await Infrastructure.Management.TokenAsync(http));

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await http.SendAsync(request), HttpStatusCode.BadRequest, "invalid_body", "UTF-8");
        (await admin.GetAsync("users/" + Uri.EscapeDataString(jane)))["user_metadata"]!.AsObject().Should().NotContainKey("city");
    }

    [Fact]
    public async Task Rows_an_older_version_stored_with_unpaired_surrogates_never_break_a_listing_and_are_repaired()
    {
        var created = await admin.PostAsync("users", new { connection = TestTenant.Connection, email = "legacy@example.test", password = TestTenant.Password });
        var id = created["user_id"]!.GetValue<string>();
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE users SET user_metadata_json = {"{\"bad\":\"x\\ud800y\",\"\\udc01\":1,\"ok\":\"\\ud83d\\ude00\"}"} WHERE user_id = {id}"));

        var listed = (await admin.GetAsync("users?per_page=100")).AsArray().Single(u => u!["user_id"]!.GetValue<string>() == id)!;
        listed["user_metadata"]!["bad"]!.GetValue<string>().Should().Be("x\uFFFDy");
        listed["user_metadata"]!["ok"]!.GetValue<string>().Should().Be("😀");
        (await admin.GetAsync("users-by-email?email=legacy@example.test")).AsArray().Should().ContainSingle();

        // The repair migration rewrites such rows once: run it again as an upgrade from version 5 would.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM schema_migrations WHERE version = 6"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
        }

        var stored = await factory.WithDbAsync(db => db.Users.Where(u => u.UserId == id).Select(u => u.UserMetadataJson).SingleAsync());
        stored.Should().NotContainEquivalentOf("\\ud800").And.NotContainEquivalentOf("\\udc01");
        Json.StoredJson.Repair(stored).Should().BeNull("the row is clean now");
        System.Text.Json.Nodes.JsonNode.Parse(stored)!["ok"]!.GetValue<string>().Should().Be("😀", "valid characters are kept");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tests.Management;

public sealed class SigningKeysAndLogsTests(AuthgateFactory factory) : IClassFixture<AuthgateFactory>
{
    private readonly HttpClient http = factory.CreateClient();
    private readonly Infrastructure.Management management = new(factory.CreateClient());

    private async Task<string> AccessTokenAsync() =>
        (await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync()).GetProperty("access_token").GetString()!;

    private async Task<List<string>> JwksKidsAsync() =>
        new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks.json")).Keys.Select(k => k.Kid).ToList();

    [Fact]
    public async Task Rotation_signs_with_the_published_next_key_keeps_the_previous_and_revoke_removes_it()
    {
        var keys = (await management.GetAsync("keys/signing")).AsArray();
        var current = keys.Single(k => k!["current"]!.GetValue<bool>())!["kid"]!.GetValue<string>();
        var next = keys.Single(k => k!["next"]!.GetValue<bool>())!["kid"]!.GetValue<string>();
        keys.Single(k => k!["current"]!.GetValue<bool>())!["cert"]!.GetValue<string>().Should().StartWith("-----BEGIN CERTIFICATE-----");
        var oldToken = await AccessTokenAsync();
        Protocol.Decode(oldToken).Kid.Should().Be(current);

        var rotated = await management.OkAsync(HttpMethod.Post, "keys/signing/rotate", null, HttpStatusCode.Created);

        rotated["kid"]!.GetValue<string>().Should().Be(next, "the next key, already published, becomes current");
        var newToken = await AccessTokenAsync();
        Protocol.Decode(newToken).Kid.Should().Be(next);
        var kids = await JwksKidsAsync();
        kids.Should().HaveCount(3).And.Contain([current, next]);
        (await Protocol.ValidateWithJwksAsync(http, oldToken, TestTenant.Api, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue("the previous key stays published");
        (await Protocol.ValidateWithJwksAsync(http, newToken, TestTenant.Api, factory.Clock.GetUtcNow())).IsValid.Should().BeTrue();
        var after = (await management.GetAsync("keys/signing")).AsArray();
        after.Single(k => k!["kid"]!.GetValue<string>() == current)!["previous"]!.GetValue<bool>().Should().BeTrue();

        await Infrastructure.Management.ShouldBeManagementErrorAsync(await management.SendAsync(HttpMethod.Put, $"keys/signing/{next}/revoke"), HttpStatusCode.BadRequest);
        await management.OkAsync(HttpMethod.Put, $"keys/signing/{current}/revoke");
        (await JwksKidsAsync()).Should().NotContain(current).And.Contain(next);
        (await Protocol.ValidateWithJwksAsync(http, oldToken, TestTenant.Api, factory.Clock.GetUtcNow())).IsValid.Should().BeFalse();
        // The cached management token was signed with the revoked key too: it no longer works, a new one does.
        (await management.SendAsync(HttpMethod.Get, "keys/signing")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await new Infrastructure.Management(http).GetAsync($"keys/signing/{current}"))["revoked"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Token_endpoint_outcomes_are_logged_with_auth0_types_and_no_secrets()
    {
        await (await http.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        await http.PostFormAsync(Protocol.PasswordGrant(password: "wrong-password-123"));
        await http.PostFormAsync(Protocol.PasswordGrant(username: "ghost@example.test", password: "ghost-password-456"));

        var success = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "s" && l["user_name"]?.GetValue<string>() == TestTenant.JaneEmail);
        success["client_id"]!.GetValue<string>().Should().Be(TestTenant.WebClientId);
        success["client_name"]!.GetValue<string>().Should().Be("Web");
        success["connection"]!.GetValue<string>().Should().Be(TestTenant.Connection);
        success["user_id"]!.GetValue<string>().Should().StartWith("auth0|");
        success["strategy"]!.GetValue<string>().Should().Be("auth0");
        success["date"]!.GetValue<string>().Should().EndWith("Z");
        var wrongPassword = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "fp");
        wrongPassword["description"]!.GetValue<string>().Should().Be("Wrong email or password.");
        var unknownUser = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "fu");
        unknownUser["user_name"]!.GetValue<string>().Should().Be("ghost@example.test");

        var one = await management.GetAsync($"logs/{success["log_id"]!.GetValue<string>()}");
        one["type"]!.GetValue<string>().Should().Be("s");
        (await management.GetAsync("logs?q=type:fp")).AsArray().Should().OnlyContain(l => l!["type"]!.GetValue<string>() == "fp");
        var page = await management.GetAsync("logs?include_totals=true&per_page=1");
        page["logs"]!.AsArray().Should().ContainSingle();
        page["total"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(3);

        var everything = (await management.GetAsync("logs?per_page=100")).ToJsonString();
        everything.Should().NotContain(TestTenant.JanePassword).And.NotContain("wrong-password-123").And.NotContain("ghost-password-456")
            .And.NotContain(TestTenant.WebClientSecret).And.NotContain("eyJ");
    }

    [Fact]
    public async Task Management_changes_are_logged_as_sapi()
    {
        await management.PatchAsync("tenants/settings", new { friendly_name = "Renamed tenant" });

        var entry = await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "sapi" && l["description"]!.GetValue<string>() == "Update tenant settings");

        entry["client_id"]!.GetValue<string>().Should().Be(AuthgateFactory.ManagementClientId);
        entry["details"]!["request"]!["method"]!.GetValue<string>().Should().Be("PATCH");
    }

    [Fact]
    public async Task Refresh_and_client_credentials_outcomes_have_their_own_types()
    {
        await http.PostFormAsync(Protocol.RefreshGrant("v1.not-a-token"));
        await http.PostFormAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = TestTenant.MachineClientId, ["client_secret"] = "wrong", ["audience"] = TestTenant.Api });

        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "fertft");
        await management.WaitForLogAsync(l => l["type"]!.GetValue<string>() == "feccft");
    }
}

/// <summary>Log events queued when the server stops cleanly are written before it exits.</summary>
public sealed class LogDrainTests
{
    [SqliteFact]
    public async Task Queued_events_survive_a_clean_shutdown()
    {
        var factory = new AuthgateFactory();
        var http = factory.CreateClient();
        // Twenty different unknown users, so brute-force protection (per identifier) does not cut in.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => http.PostFormAsync(Protocol.PasswordGrant(username: $"ghost{i}@example.test", password: $"wrong-{i}"))));
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Forbidden);

        await factory.DisposeAsync();

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM logs WHERE type = 'fu'";
        Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(20);
    }
}

/// <summary>
/// The writer's pause lets a batch fill, but never holds back a full one: otherwise it stores at most one batch per
/// window, and past that rate the queue only grows until events are dropped.
/// </summary>
public sealed class LogWriterPaceTests
{
    [SqliteFact]
    public async Task A_full_batch_is_stored_without_waiting_out_the_batch_window()
    {
        await using var factory = new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?>
        {
            ["Authgate:Logs:BatchWindow"] = "01:00:00",
            ["Authgate:Logs:BatchSize"] = "5",
        });
        var http = factory.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => http.PostFormAsync(Protocol.PasswordGrant(username: $"ghost{i}@example.test", password: $"wrong-{i}"))));
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Forbidden);

        // Twenty events (and any the start-up recorded) make at least four full batches; with a pause that always ran
        // its hour, none would be stored within the wait.
        await factory.Services.GetRequiredService<Authgate.Logs.LogEvents>().StoredAsync(20, TimeSpan.FromSeconds(30));

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM logs";
        Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(20);
    }
}

/// <summary>
/// An event already stored (a commit that reached the database though its answer did not) is skipped when its batch is
/// written again; the batch's other events are still stored.
/// </summary>
public sealed class LogWriterRetryTests
{
    [Fact]
    public async Task A_batch_holding_an_event_already_stored_stores_its_other_events()
    {
        await using var factory = new AuthgateFactory();
        var logs = factory.Services.GetRequiredService<Authgate.Logs.LogEvents>();
        var marker = "retry-" + Guid.NewGuid().ToString("N");
        var stored = logs.New("sapi", marker);
        logs.Add(stored);
        await logs.FlushAsync(TimeSpan.FromSeconds(30));

        for (var i = 0; i < 5; i++)
        {
            var entry = logs.New("sapi", marker);
            if (i == 4)
            {
                entry.LogId = stored.LogId;
            }

            logs.Add(entry);
        }

        await logs.FlushAsync(TimeSpan.FromSeconds(30));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Authgate.Storage.AuthDbContext>();
        (await db.Logs.CountAsync(l => l.Description == marker)).Should().Be(5, "the stored event once, and the four new events of the batch that repeated it");
    }
}

/// <summary>A batch is stored field for field as queued (on PostgreSQL one insert of column arrays, nulls included).</summary>
public sealed class LogWriterBatchTests
{
    [Fact]
    public async Task Every_field_of_every_event_in_a_batch_is_stored_as_queued()
    {
        await using var factory = new AuthgateFactory();
        var logs = factory.Services.GetRequiredService<Authgate.Logs.LogEvents>();
        var marker = "batch-" + Guid.NewGuid().ToString("N");
        var queued = new List<Authgate.Storage.Entities.LogEvent>();
        for (var i = 0; i < 7; i++)
        {
            var entry = logs.New(i % 2 == 0 ? "s" : "fp", marker);
            if (i % 3 != 0)
            {
                // Every optional field set, each value its own; the others leave them null.
                entry.ClientId = $"client-{i}";
                entry.ClientName = $"Client {i} ✓";
                entry.Connection = "Username-Password-Authentication";
                entry.ConnectionId = $"con_{i}";
                entry.UserId = $"auth0|{i}";
                entry.UserName = $"user{i}@example.test";
                entry.Ip = "203.0.113." + i;
                entry.ClientIp = "198.51.100." + i;
                entry.UserAgent = "agent/" + i + " 'quoted' \"double\"";
                entry.Audience = "https://api.example.test/";
                entry.Scope = "openid offline_access";
                entry.Strategy = "auth0";
                entry.StrategyType = "database";
                entry.Hostname = "auth.example.test";
                entry.Details = "{\"i\":" + i + ",\"nested\":{\"ok\":true}}";
            }

            queued.Add(entry);
            logs.Add(entry);
        }

        await logs.FlushAsync(TimeSpan.FromSeconds(30));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Authgate.Storage.AuthDbContext>();
        var stored = await db.Logs.AsNoTracking().Where(l => l.Description == marker).ToListAsync();
        stored.Should().BeEquivalentTo(queued, o => o.Using<DateTime>(c => c.Subject.Should().BeCloseTo(c.Expectation, TimeSpan.FromMilliseconds(1))).WhenTypeIs<DateTime>());
    }
}


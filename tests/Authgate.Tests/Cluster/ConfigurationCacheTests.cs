using System.Net;
using System.Text.Json;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Authgate.Tests.Cluster;

/// <summary>
/// Every node caches configuration, and a change made anywhere still applies to the very next request on every node:
/// two server processes on one database (two nodes on PostgreSQL, two processes on one SQLite file), no waiting.
/// </summary>
public sealed class ConfigurationCacheTests
{
    [Fact]
    public async Task A_change_through_node_A_applies_at_once_on_node_B()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-config-cache", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var seed = Path.Combine(directory, "tenant.json");
        await File.WriteAllTextAsync(seed, JsonSerializer.Serialize(TestTenant.Create(), TenantFile.JsonOptions));
        var database = TestDatabase.Settings(directory);
        string[] shared =
        [
            .. database.Select(s => $"--{s.Key}={s.Value}"),
            $"--Authgate:Issuer={AuthgateFactory.Issuer}",
            $"--Authgate:Bootstrap:ClientId={AuthgateFactory.ManagementClientId}",
            $"--Authgate:Bootstrap:ClientSecret={AuthgateFactory.ManagementClientSecret}",
            "--Authgate:Demo=false",
            "--Authgate:PasswordHashing:MemoryKiB=256",
            "--Authgate:PasswordHashing:Iterations=1",
        ];
        await using var nodeA = ServerProcess.Start(directory, [.. shared, $"--Authgate:DataDirectory={directory}", $"--Authgate:SeedFile={seed}"]);
        await nodeA.WaitUntilListeningAsync();
        await using var nodeB = ServerProcess.Start(directory, [.. shared, $"--Authgate:DataDirectory={directory}"]);
        await nodeB.WaitUntilListeningAsync();
        using var a = new HttpClient { BaseAddress = new Uri(nodeA.BaseUrl) };
        using var b = new HttpClient { BaseAddress = new Uri(nodeB.BaseUrl) };
        var management = new Infrastructure.Management(a);

        // B reads (and caches) the client, the API and the grant.
        var grant = await management.PostAsync("client-grants", new { client_id = TestTenant.MachineClientId, audience = TestTenant.Api, scope = new[] { "read:sample", "write:sample" } });
        var grantId = grant["id"]!.GetValue<string>();
        Protocol.Scopes(await (await b.PostFormAsync(Machine(TestTenant.MachineClientSecret))).ShouldSucceedAsync()).Should().BeEquivalentTo("read:sample", "write:sample");
        Protocol.Scopes(await (await b.PostFormAsync(Machine(TestTenant.MachineClientSecret))).ShouldSucceedAsync()).Should().BeEquivalentTo("read:sample", "write:sample");

        await management.PatchAsync($"client-grants/{grantId}", new { scope = new[] { "read:sample" } });
        Protocol.Scopes(await (await b.PostFormAsync(Machine(TestTenant.MachineClientSecret))).ShouldSucceedAsync()).Should().Equal("read:sample");

        var rotated = (await management.OkAsync(HttpMethod.Post, $"clients/{TestTenant.MachineClientId}/rotate-secret"))["client_secret"]!.GetValue<string>();
        await (await b.PostFormAsync(Machine(TestTenant.MachineClientSecret))).ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "access_denied");
        await (await b.PostFormAsync(Machine(rotated))).ShouldSucceedAsync();

        // A write that bypasses the server altogether (an operator's SQL) applies at once too: the version stamp is
        // bumped by the database's triggers, not by the code that writes.
        await ExecuteAsync(database, $"UPDATE resource_servers SET token_lifetime_seconds = 600 WHERE identifier = '{TestTenant.Api}'");
        var token = Protocol.Decode((await (await b.PostFormAsync(Machine(rotated))).ShouldSucceedAsync()).GetProperty("access_token").GetString()!);
        (token.ValidTo - token.IssuedAt).Should().Be(TimeSpan.FromSeconds(600));

        // What a trigger runs and the MFA settings are kept under the same stamp: a binding or a policy set through A
        // applies on B's next request, and so does taking it away.
        var action = await management.PostAsync("actions/actions", new
        {
            name = "cluster-claim",
            supported_triggers = new[] { new { id = "credentials-exchange", version = "v2" } },
            code = "exports.onExecuteCredentialsExchange = async (event, api) => { api.accessToken.setCustomClaim('https://t/node', 'bound'); };",
        });
        var actionId = action["id"]!.GetValue<string>();
        await management.OkAsync(HttpMethod.Post, $"actions/actions/{actionId}/deploy");
        await management.PatchAsync("actions/triggers/credentials-exchange/bindings", new { bindings = new[] { new { @ref = new { type = "action_id", value = actionId } } } });
        Protocol.Decode((await (await b.PostFormAsync(Machine(rotated))).ShouldSucceedAsync()).GetProperty("access_token").GetString()!)
            .Claims.Should().Contain(c => c.Type == "https://t/node" && c.Value == "bound");
        await management.PatchAsync("actions/triggers/credentials-exchange/bindings", new { bindings = Array.Empty<object>() });
        Protocol.Decode((await (await b.PostFormAsync(Machine(rotated))).ShouldSucceedAsync()).GetProperty("access_token").GetString()!)
            .Claims.Should().NotContain(c => c.Type == "https://t/node");

        await (await b.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();
        await management.OkAsync(HttpMethod.Put, "guardian/factors/otp", new { enabled = true });
        await management.OkAsync(HttpMethod.Put, "guardian/policies", new[] { "all-applications" });
        await (await b.PostFormAsync(Protocol.PasswordGrant())).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "mfa_required");
        await management.OkAsync(HttpMethod.Put, "guardian/policies", Array.Empty<string>());
        await (await b.PostFormAsync(Protocol.PasswordGrant())).ShouldSucceedAsync();

        await management.DeleteAsync($"client-grants/{grantId}");
        await (await b.PostFormAsync(Machine(rotated))).ShouldBeErrorAsync(HttpStatusCode.Forbidden, "access_denied");
    }

    [Fact]
    public async Task Every_cached_table_bumps_the_version_on_every_kind_of_write()
    {
        using var factory = new AuthgateFactory();
        _ = factory.Server;
        var cached = typeof(Authgate.Storage.ConfigurationCache.Generation).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.Name != nameof(Authgate.Storage.ConfigurationCache.Generation.Derived))
            .Select(p => p.PropertyType.GetGenericArguments()[1])
            .Select(t => t.IsGenericType ? t.GetGenericArguments()[0] : t)
            .ToList();
        cached.Should().HaveCountGreaterThan(5);

        // The derived values read these: what triggers run (ScriptCatalog) and the MFA settings (MfaSettings).
        string[] derived = ["actions", "action_versions", "action_bindings", "rules", "rules_configs", "guardian_factors", "guardian_policies"];

        var triggers = await factory.WithDbAsync(async db =>
        {
            var tables = cached.Select(t => db.Model.FindEntityType(t)!.GetTableName()!).Concat(derived).ToList();
            var sql = TestDatabase.IsPostgres
                ? "SELECT event_object_table || ':' || event_manipulation AS \"Value\" FROM information_schema.triggers WHERE action_statement LIKE '%bump_config_version%'"
                : "SELECT tbl_name || ':' || CASE WHEN sql LIKE '%AFTER INSERT%' THEN 'INSERT' WHEN sql LIKE '%AFTER UPDATE%' THEN 'UPDATE' ELSE 'DELETE' END AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%config_version%'";
            var found = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
            return (tables, found);
        });

        foreach (var table in triggers.tables)
        {
            triggers.found.Should().Contain([$"{table}:INSERT", $"{table}:UPDATE", $"{table}:DELETE"], $"{table} is cached, so every write to it must bump the version");
        }
    }

    private static Dictionary<string, string> Machine(string secret) => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = TestTenant.MachineClientId,
        ["client_secret"] = secret,
        ["audience"] = TestTenant.Api,
    };

    private static async Task ExecuteAsync(Dictionary<string, string?> database, string sql)
    {
        var connectionString = database["ConnectionStrings:Authgate"]!;
        await using System.Data.Common.DbConnection connection = TestDatabase.IsPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }
}

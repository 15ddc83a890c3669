using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Tenants;
using Authgate.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Tenants;

/// <summary>
/// A first start writes its rows (the seed, the management client, the first signing keys) with
/// <see cref="NewRows"/>, outside EF: the same entities written by EF into a second database must give the same
/// columns, value for value, in every table they touch.
/// </summary>
public sealed class NewRowsTests : IAsyncLifetime
{
    private readonly AuthgateFactory outsideEf = new(tenant: null);
    private readonly AuthgateFactory throughEf = new(tenant: null);

    public Task InitializeAsync()
    {
        _ = outsideEf.Services;
        _ = throughEf.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await outsideEf.DisposeAsync();
        await throughEf.DisposeAsync();
    }

    [Fact]
    public async Task Rows_written_outside_EF_are_the_rows_EF_writes()
    {
        var rows = await PrepareAsync(RichTenant());
        rows.Select(r => r.GetType().Name).Distinct().Should().Contain(
            ["TenantSettings", "ResourceServer", "Client", "ClientCredential", "ClientGrant", "Connection", "User", "AttackProtectionRow", "SigningKey"]);

        // Both databases hold the empty tenant a start without a seed creates: make room for the file's.
        await outsideEf.WithDbAsync(async db =>
        {
            await db.TenantSettings.ExecuteDeleteAsync();
            await NewRows.InsertAsync(db, rows, CancellationToken.None);
            return 0;
        });
        await throughEf.WithDbAsync(async db =>
        {
            await db.TenantSettings.ExecuteDeleteAsync();
            db.AddRange(rows);
            return await db.SaveChangesAsync();
        });

        foreach (var group in rows.GroupBy(r => r.GetType()))
        {
            var (sql, keys) = await throughEf.WithDbAsync(db => Task.FromResult(SelectByKey(db.Model, group.Key, group)));
            var expected = await Read(throughEf, sql, keys);
            var actual = await Read(outsideEf, sql, keys);
            expected.Should().HaveCount(group.Count(), group.Key.Name);
            actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), $"{group.Key.Name} rows written outside EF");
        }
    }

    [Fact]
    public async Task A_failing_insert_writes_none_of_the_rows()
    {
        var rows = await PrepareAsync(RichTenant());
        var before = await Read(outsideEf, "SELECT COUNT(*) FROM resource_servers", []);

        // The tenant_settings row the start created has the file's id too: the first statement fails, so must the rest.
        var insert = () => outsideEf.WithDbAsync(async db =>
        {
            await NewRows.InsertAsync(db, [.. rows.Skip(1), rows[0]], CancellationToken.None);
            return 0;
        });

        await insert.Should().ThrowAsync<System.Data.Common.DbException>();
        (await Read(outsideEf, "SELECT COUNT(*) FROM resource_servers", [])).Should().BeEquivalentTo(before);
    }

    private async Task<List<object>> PrepareAsync(string tenant)
    {
        await using var scope = outsideEf.Services.CreateAsyncScope();
        var rows = scope.ServiceProvider.GetRequiredService<TenantSeeder>().Prepare(TenantDocument.Parse(tenant));
        var key = scope.ServiceProvider.GetRequiredService<Authgate.Tokens.SigningKeyFactory>().Create();
        key.CurrentSince = DateTime.UtcNow;
        rows.Add(key);
        return rows;
    }

    /// <summary>The test tenant with what its file lacks: JSON documents with text that needs escaping, metadata, a key credential, a grant, attack protection.</summary>
    private static string RichTenant()
    {
        var file = JsonNode.Parse(TenantDocument.From(TestTenant.Create()).ToJson())!.AsObject();
        var apis = file["resourceServers"]!.AsArray();
        apis[0]!["scopes"]!.AsArray().Add(new JsonObject { ["value"] = "read:<b>", ["description"] = "Lire l'état « privé » & \"quoted\" 日本 😀" });
        var clients = file["clients"]!.AsArray();
        using var rsa = RSA.Create(2048);
        clients.Add(new JsonObject
        {
            ["name"] = "Keyed", ["client_id"] = "keyedClient000000000000000000001", ["app_type"] = "non_interactive",
            ["grant_types"] = new JsonArray("client_credentials"), ["client_metadata"] = new JsonObject { ["team"] = "é<>&" },
            ["client_authentication_methods"] = new JsonObject
            {
                ["private_key_jwt"] = new JsonObject
                {
                    ["credentials"] = new JsonArray(new JsonObject { ["credential_type"] = "public_key", ["name"] = "key 1", ["pem"] = rsa.ExportSubjectPublicKeyInfoPem() }),
                },
            },
        });
        file["clientGrants"] = new JsonArray(new JsonObject { ["client_id"] = "keyedClient000000000000000000001", ["audience"] = TestTenant.Api, ["scope"] = new JsonArray("read:sample") });
        file["users"]!.AsArray().Add(new JsonObject
        {
            ["connection"] = TestTenant.Connection, ["email"] = "meta@example.test", ["password"] = "Meta-passw0rd!",
            ["user_metadata"] = new JsonObject { ["theme"] = "dark", ["n"] = 3 }, ["app_metadata"] = new JsonObject { ["plan"] = "gold" },
        });
        file["attackProtection"] = new JsonObject
        {
            ["bruteForceProtection"] = new JsonObject { ["max_attempts"] = 7, ["allowlist"] = new JsonArray("10.0.0.0/8") },
            ["suspiciousIpThrottling"] = new JsonObject { ["enabled"] = false },
        };
        return file.ToJsonString();
    }

    /// <summary><c>SELECT * … WHERE key IN (…) ORDER BY key</c> for the rows of one entity type (each has a one-column key).</summary>
    private static (string Sql, (string, object?)[] Keys) SelectByKey(IModel model, Type type, IEnumerable<object> rows)
    {
        var entity = model.FindEntityType(type)!;
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var column = key.GetColumnName();
        var values = rows.Select((r, i) => ($"@k{i}", key.PropertyInfo!.GetValue(r))).ToArray();
        return ($"SELECT * FROM {entity.GetTableName()} WHERE {column} IN ({string.Join(", ", values.Select(v => v.Item1))}) ORDER BY {column}", values);
    }

    private static Task<List<List<object?>>> Read(AuthgateFactory factory, string sql, (string, object?)[] parameters) =>
        factory.Services.GetRequiredService<HotConnections>().RowsAsync(sql, CancellationToken.None, parameters);
}

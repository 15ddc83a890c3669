using Authgate.Tests.Infrastructure;
using Npgsql;

namespace Authgate.Tests.Cluster;

/// <summary>
/// A node's PostgreSQL connections come from one pool: DEPLOYMENT.md sizes the database's connections as nodes ×
/// (<c>Maximum Pool Size</c> + <c>Authgate:Database:LookupConnections</c>), which holds only if EF, the group commit's
/// writer and the start-up lock all open their connections from the same data source, and the key lookups from
/// their multiplexed one.
/// </summary>
public sealed class PostgresPoolTests
{
    [PostgresFact]
    public async Task A_node_under_concurrent_load_holds_no_more_connections_than_its_pool_size()
    {
        var (factory, application) = Node("authgate-pool-", maxPoolSize: 3);
        await using var _ = factory;
        using var http = factory.CreateClient();

        // Logins (user reads, login records through the writer) and rotations (token reads, compare-and-swap writes)
        // from more callers than the pool has connections.
        var chains = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            var refreshToken = (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.LeewayClientId, clientSecret: TestTenant.LeewayClientSecret, scope: "offline_access"))).ShouldSucceedAsync()).GetProperty("refresh_token").GetString()!;
            for (var i = 0; i < 6; i++)
            {
                refreshToken = (await (await http.PostFormAsync(Protocol.RefreshGrant(refreshToken, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync()).GetProperty("refresh_token").GetString()!;
            }

            return refreshToken;
        }));
        chains.Should().OnlyHaveUniqueItems();

        await using var admin = new NpgsqlConnection(PostgresCluster.Shared.AdminConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @application", admin);
        count.Parameters.AddWithValue("application", application);
        var open = (long)(await count.ExecuteScalarAsync())!;
        open.Should().BeInRange(1, 3, "the node's connections (idle ones stay open in the pool) are at most its Maximum Pool Size");

        // The key lookups went down their own multiplexed pool: at most LookupConnections (2) backends, whose last
        // statements are lookups, never the writer's transactions.
        await using var lookups = new NpgsqlCommand("SELECT query FROM pg_stat_activity WHERE application_name = @application", admin);
        lookups.Parameters.AddWithValue("application", application + " lookups");
        var statements = new List<string>();
        await using (var reader = await lookups.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                statements.Add(reader.GetString(0));
            }
        }

        statements.Should().HaveCount(c => c >= 1 && c <= 2, "the lookups are multiplexed onto at most Authgate:Database:LookupConnections connections");
        statements.Should().OnlyContain(q => q.StartsWith("SELECT ", StringComparison.Ordinal) && (q.Contains("FROM config_version", StringComparison.Ordinal) || q.Contains("FROM refresh_tokens", StringComparison.Ordinal) || q.Contains("FROM users", StringComparison.Ordinal)));
    }

    [PostgresFact]
    public async Task With_no_lookup_connections_the_node_opens_no_lookups_pool_and_still_serves_from_its_own()
    {
        var (factory, application) = Node("authgate-nolookups-", maxPoolSize: 3, lookupConnections: 0);
        await using var _ = factory;
        using var http = factory.CreateClient();
        var refreshToken = (await (await http.PostFormAsync(Protocol.PasswordGrant(clientId: TestTenant.LeewayClientId, clientSecret: TestTenant.LeewayClientSecret, scope: "offline_access"))).ShouldSucceedAsync()).GetProperty("refresh_token").GetString()!;
        await (await http.PostFormAsync(Protocol.RefreshGrant(refreshToken, TestTenant.LeewayClientId, TestTenant.LeewayClientSecret))).ShouldSucceedAsync();

        await using var admin = new NpgsqlConnection(PostgresCluster.Shared.AdminConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FILTER (WHERE application_name = @application), count(*) FILTER (WHERE application_name = @application || ' lookups') FROM pg_stat_activity", admin);
        count.Parameters.AddWithValue("application", application);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).Should().BeInRange(1, 3);
        reader.GetInt64(1).Should().Be(0);
    }

    [PostgresFact]
    public async Task Pooled_connections_carry_no_advisory_lock_from_the_start_up_work()
    {
        // Connections go back to the pool without Npgsql's reset (No Reset On Close): the migrator's and the start-up
        // lock's session locks must have been given back by Authgate itself, or a second node would wait forever.
        var (factory, application) = Node("authgate-locks-");
        await using var _ = factory;
        using var http = factory.CreateClient();
        await (await http.PostFormAsync(Protocol.PasswordGrant(scope: "offline_access"))).ShouldSucceedAsync();

        await using var admin = new NpgsqlConnection(PostgresCluster.Shared.AdminConnectionString);
        await admin.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE l.locktype = 'advisory'), count(DISTINCT a.pid) FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid WHERE a.application_name IN (@application, @application || ' lookups')", admin);
        query.Parameters.AddWithValue("application", application);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(1).Should().BePositive("the node's pooled connections stay open");
        reader.GetInt64(0).Should().Be(0, "no pooled connection may keep a session lock");
    }

    /// <summary>A node on its own migrated database whose connections carry a unique application name.</summary>
    private static (AuthgateFactory Factory, string Application) Node(string prefix, int? maxPoolSize = null, int? lookupConnections = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var application = prefix + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.Settings(directory, migrated: true)["ConnectionStrings:Authgate"])
        {
            ApplicationName = application,
        };
        if (maxPoolSize is { } size)
        {
            connectionString.MaxPoolSize = size;
        }

        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Authgate"] = connectionString.ConnectionString };
        if (lookupConnections is { } lookups)
        {
            settings["Authgate:Database:LookupConnections"] = lookups.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return (new AuthgateFactory(TestTenant.Create(), settings, directory), application);
    }
}

using Authgate.Tests.Infrastructure;
using Npgsql;

namespace Authgate.Tests.Cluster;

/// <summary>
/// A node's PostgreSQL connections come from one pool: DEPLOYMENT.md sizes the database's connections as nodes ×
/// <c>Maximum Pool Size</c>, which holds only if EF, the hot reads, the group commit's writer and the start-up lock
/// all open their connections from the same data source.
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
            "SELECT count(*) FILTER (WHERE l.locktype = 'advisory'), count(DISTINCT a.pid) FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid WHERE a.application_name = @application", admin);
        query.Parameters.AddWithValue("application", application);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(1).Should().BePositive("the node's pooled connections stay open");
        reader.GetInt64(0).Should().Be(0, "no pooled connection may keep a session lock");
    }

    /// <summary>A node on its own migrated database whose connections carry a unique application name.</summary>
    private static (AuthgateFactory Factory, string Application) Node(string prefix, int? maxPoolSize = null)
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

        return (new AuthgateFactory(TestTenant.Create(), new Dictionary<string, string?> { ["ConnectionStrings:Authgate"] = connectionString.ConnectionString }, directory), application);
    }
}

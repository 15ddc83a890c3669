using Authgate.Tests.Infrastructure;
using Npgsql;

namespace Authgate.Tests.Cluster;

/// <summary>
/// A rotation's statements keep the generic plan PostgreSQL made for them on their connection until the table's
/// statistics change; statistics taken while refresh_tokens held a few dozen rows made that plan a sequential scan,
/// kept while the table grew (schema v95). Autovacuum must wait for 1,000 changes before it first analyses or vacuums
/// the table, by which time its primary key is the cheaper path.
/// </summary>
public sealed class PostgresStatisticsTests
{
    [PostgresFact]
    public async Task Refresh_tokens_get_no_statistics_before_a_thousand_changes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var connection = new NpgsqlConnection(TestDatabase.Settings(directory, migrated: true)["ConnectionStrings:Authgate"]);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT reloptions FROM pg_class WHERE oid = 'refresh_tokens'::regclass", connection);

        var options = await query.ExecuteScalarAsync() as string[] ?? [];

        options.Should().Contain("autovacuum_analyze_threshold=1000").And.Contain("autovacuum_vacuum_threshold=1000");
    }
}

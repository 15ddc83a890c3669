using System.Security.Cryptography;
using System.Text;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// Which database the suite runs on: SQLite files (default) or PostgreSQL (<c>AUTHGATE_TEST_PROVIDER=postgres</c>),
/// one database per data directory so a restarted server finds its data again.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres { get; } = string.Equals(Environment.GetEnvironmentVariable("AUTHGATE_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static Dictionary<string, string?> Settings(string dataDirectory)
    {
        if (!IsPostgres)
        {
            return new() { ["ConnectionStrings:Authgate"] = $"Data Source={Path.Combine(dataDirectory, "authgate.db")}" };
        }

        var database = "authgate_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
        PostgresCluster.Shared.EnsureDatabase(database);
        return new()
        {
            ["Authgate:Database:Provider"] = "postgres",
            ["ConnectionStrings:Authgate"] = PostgresCluster.Shared.ConnectionString(database),
        };
    }
}

/// <summary>A test about the SQLite files themselves: skipped when the suite runs on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = "SQLite-specific; the suite runs on PostgreSQL.";
        }
    }
}

/// <summary>A test that needs PostgreSQL (several nodes on one database): skipped on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres)
        {
            Skip = "Needs PostgreSQL: run with AUTHGATE_TEST_PROVIDER=postgres (the README's test command does).";
        }
    }
}

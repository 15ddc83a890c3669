using System.Security.Cryptography;
using System.Text;
using Authgate.Hosting;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// Which database the suite runs on: SQLite files (default) or PostgreSQL (<c>AUTHGATE_TEST_PROVIDER=postgres</c>),
/// one database per data directory so a restarted server finds its data again.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<string> MigratedTemplate = new(CreateMigratedTemplate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> MigratedSqliteFile = new(CreateMigratedSqliteFile, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsPostgres { get; } = string.Equals(Environment.GetEnvironmentVariable("AUTHGATE_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <param name="dataDirectory">The server's data directory; on PostgreSQL it names the database.</param>
    /// <param name="migrated">
    /// A new database starts as a copy of one migrated once to the newest schema (PostgreSQL: CREATE DATABASE …
    /// TEMPLATE; SQLite: a copy of the file) instead of running every script again: on PostgreSQL about 0.5 s of the
    /// database's time for each of the suite's in-process servers. Tests of migrations and of first starts take an
    /// empty database (the default).
    /// </param>
    public static Dictionary<string, string?> Settings(string dataDirectory, bool migrated = false)
    {
        if (!IsPostgres)
        {
            var file = Path.Combine(dataDirectory, "authgate.db");
            if (migrated && !File.Exists(file))
            {
                File.Copy(MigratedSqliteFile.Value, file);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            return new() { ["ConnectionStrings:Authgate"] = $"Data Source={file}" };
        }

        var database = "authgate_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
        PostgresCluster.Shared.EnsureDatabase(database, migrated ? MigratedTemplate.Value : null);
        return new()
        {
            ["Authgate:Database:Provider"] = "postgres",
            ["ConnectionStrings:Authgate"] = PostgresCluster.Shared.ConnectionString(database),
        };
    }

    private static string CreateMigratedSqliteFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "authgate-tests", "migrated-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "authgate.db");
        var settings = Migrate(directory, new() { ["ConnectionStrings:Authgate"] = $"Data Source={file}" });

        // The last connection's close folds the log back into the file, so the copy is one closed file.
        using (var pooled = new Microsoft.Data.Sqlite.SqliteConnection(settings.ConnectionString))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(pooled);
        }

        File.Exists(file + "-wal").Should().BeFalse("the template is copied as one closed file");
        return file;
    }

    private static string CreateMigratedTemplate()
    {
        const string name = "authgate_migrated_template";
        PostgresCluster.Shared.EnsureDatabase(name);
        // No pooling: a session left open on the template would make every CREATE DATABASE … TEMPLATE refuse.
        var connection = new NpgsqlConnectionStringBuilder(PostgresCluster.Shared.ConnectionString(name)) { Pooling = false }.ConnectionString;
        Migrate(Path.GetTempPath(), new() { ["Authgate:Database:Provider"] = "postgres", ["ConnectionStrings:Authgate"] = connection });
        return name;
    }

    /// <summary>Runs every migration script on the database <paramref name="storage"/> names, as a start would.</summary>
    private static StorageSettings Migrate(string dataDirectory, Dictionary<string, string?> storage)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(storage).Build();
        var settings = new StorageSettings(configuration, Options.Create(new AuthgateOptions { DataDirectory = dataDirectory }));
        using var connections = new HotConnections(settings);
        new SchemaMigrator(connections, settings, NullLogger<SchemaMigrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        return settings;
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

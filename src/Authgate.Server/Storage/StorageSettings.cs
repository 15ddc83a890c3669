using Authgate.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Authgate.Storage;

/// <summary>
/// The resolved database settings: <c>Authgate:Database:Provider</c> (<c>sqlite</c>, the default, or <c>postgres</c>)
/// and <c>ConnectionStrings:Authgate</c> (for SQLite, by default a file in the data directory). Read from
/// configuration when first needed, so every configuration source (tests included) is in place.
/// </summary>
internal sealed class StorageSettings
{
    /// <summary>The smallest <c>Maximum Pool Size</c> a PostgreSQL node starts with.</summary>
    public const int MinimumPostgresPool = 3;

    /// <summary>How many connections a PostgreSQL node multiplexes its per-request key lookups onto, unless configured.</summary>
    public const int DefaultLookupConnections = 2;

    /// <summary>The most <c>Authgate:Database:LookupConnections</c> accepts.</summary>
    public const int MaximumLookupConnections = 64;

    public StorageSettings(IConfiguration configuration, IOptions<AuthgateOptions> options)
    {
        Provider = (configuration["Authgate:Database:Provider"] ?? StorageProvider.Sqlite).ToLowerInvariant();
        var connectionString = configuration.GetConnectionString("Authgate");
        switch (Provider)
        {
            case StorageProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    connectionString = $"Data Source={Path.Combine(options.Value.DataDirectory, "authgate.db")}";
                }

                var sqlite = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
                if (sqlite.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(sqlite.DataSource) && sqlite.DataSource != ":memory:")
                {
                    var directory = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
                    if (!string.IsNullOrEmpty(directory))
                    {
                        Security.PrivateFiles.CreateDirectory(directory);
                    }

                    Security.PrivateFiles.Precreate(Path.GetFullPath(sqlite.DataSource));
                    DatabaseFile = Path.GetFullPath(sqlite.DataSource);
                }

                ConnectionString = sqlite.ConnectionString;
                break;

            case StorageProvider.Postgres:
                ConnectionString = PostgresConnectionString(connectionString);
                PostgresLookupConnectionString = PostgresLookups(ConnectionString, LookupConnections(configuration["Authgate:Database:LookupConnections"]));
                break;

            default:
                throw new InvalidOperationException($"Authgate:Database:Provider must be '{StorageProvider.Sqlite}' or '{StorageProvider.Postgres}', not '{Provider}'.");
        }
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The SQLite database file, when the provider is SQLite on a file.</summary>
    public string? DatabaseFile { get; }

    /// <summary>
    /// PostgreSQL: the connection string of the multiplexed pool the per-request key lookups use (the statements of
    /// <see cref="HotReads"/> and <see cref="ConfigurationVersion"/>), or null when they use the node's pool
    /// (<c>Authgate:Database:LookupConnections</c> is 0, or the connection string turns pooling off).
    /// </summary>
    public string? PostgresLookupConnectionString { get; }

    private static int LookupConnections(string? configured)
    {
        if (configured is null)
        {
            return DefaultLookupConnections;
        }

        return int.TryParse(configured, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count <= MaximumLookupConnections
            ? count
            : throw new InvalidOperationException($"Authgate:Database:LookupConnections must be a whole number from 0 to {MaximumLookupConnections}, not '{configured}'.");
    }

    /// <summary>
    /// Multiplexing sends many callers' statements down a few connections without waiting for each answer, so the
    /// database serves the lookups of a whole burst of requests on a few backends that stay busy, instead of waking a
    /// different backend for each one (PostgreSQL's CPU per rotating refresh fell by about 40 %: bench/ANALYSIS.md,
    /// thirty-second pass). It suits only single statements that need no session: the writer's transactions, the
    /// start-up lock and everything else stay on the node's pool.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string? PostgresLookups(string connectionString, int connections)
    {
        var lookups = new NpgsqlConnectionStringBuilder(connectionString);
        if (connections == 0 || !lookups.Pooling)
        {
            return null;
        }

        lookups.Multiplexing = true;
        lookups.MaxPoolSize = connections;
        lookups.MinPoolSize = Math.Min(lookups.MinPoolSize, connections);
        // Told apart from the node's pool in pg_stat_activity.
        lookups.ApplicationName = $"{(string.IsNullOrEmpty(lookups.ApplicationName) ? "authgate" : lookups.ApplicationName)} lookups";
        return lookups.ConnectionString;
    }

    /// <summary>
    /// Checked and completed apart from the constructor, which every node runs: a method that names Npgsql's types
    /// loads Npgsql when it is compiled, and a SQLite node never needs it.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string PostgresConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Authgate:Database:Provider is postgres but ConnectionStrings:Authgate is empty (e.g. Host=db;Database=authgate;Username=authgate;Password=…).");
        }

        NpgsqlConnectionStringBuilder postgres;
        try
        {
            postgres = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:Authgate is not a valid PostgreSQL connection string: {e.Message}", e);
        }

        // The pool's connections carry transactions and the start-up lock's session: Authgate multiplexes only its key
        // lookups, on a pool of their own (Authgate:Database:LookupConnections).
        if (postgres.Multiplexing)
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Authgate: Multiplexing=true is not supported: the node's pool holds transactions and a session lock. Authgate multiplexes its per-request key lookups itself (Authgate:Database:LookupConnections, docs/DEPLOYMENT.md).");
        }

        // A node's connections all come from one pool (HotConnections). The start-up lock holds one while the
        // start-up work uses another (a pool of 1 cannot start), and the group commit's writer keeps one: with 2,
        // every request would share the one left.
        if (postgres.Pooling && postgres.MaxPoolSize < MinimumPostgresPool)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:Authgate: Maximum Pool Size is {postgres.MaxPoolSize}; Authgate needs at least {MinimumPostgresPool} connections per node (docs/DEPLOYMENT.md).");
        }

        // Bounded waits: a node whose database is gone answers 503 quickly instead of hanging requests.
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            postgres.Timeout = 5;
            postgres.CommandTimeout = 15;
        }

        // Statements run on every request are prepared once per connection instead of parsed each time.
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            postgres.MaxAutoPrepare = 64;
            postgres.AutoPrepareMinUsages = 2;
        }

        // A connection handed back to the pool keeps its session: Authgate sets no session state (no SET, no
        // LISTEN, no temporary tables; its advisory locks are released explicitly), so the seven statements
        // Npgsql would otherwise send on every reuse are work for nothing: 1.5 reuses per refresh.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            postgres.NoResetOnClose = true;
        }

        return postgres.ConnectionString;
    }
}

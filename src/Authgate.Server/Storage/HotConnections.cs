using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Authgate.Storage;

/// <summary>
/// Connections for the statements every token request runs (a refresh token or user by key, the configuration
/// version), outside EF: EF builds a new command per query, so SQLite parses the SQL every time, which costs more
/// than the lookup. On SQLite a few connections stay open with their statements prepared once; on PostgreSQL the
/// data source's own pool is used and Npgsql prepares repeated statements by itself (<c>Max Auto Prepare</c>);
/// the key lookups every request makes go through a second, multiplexed data source (<see cref="RentLookupAsync"/>).
/// A connection that failed is dropped, with every idle one (after a database restart they are all stale).
/// </summary>
internal sealed class HotConnections : IDisposable
{
    private readonly StorageSettings settings;
    private readonly ConcurrentBag<Lease> idle = [];
    // Typed as the base class, and created in a method of its own: a SQLite node never loads Npgsql (a method that names
    // its types, or reads a field of one, loads it when compiled).
    private readonly DbDataSource? postgres;
    private readonly DbDataSource? lookups;
    /// <summary>How many open SQLite connections (and their prepared statements) are kept for the next request.</summary>
    internal int MaxIdle { get; } = Math.Max(4, Environment.ProcessorCount * 4);

    // Counted beside the bag: ConcurrentBag.Count takes every thread's lock of the bag, on each return.
    private int idleCount;

    public HotConnections(StorageSettings settings)
    {
        this.settings = settings;
        if (settings.Provider == StorageProvider.Postgres)
        {
            postgres = CreatePostgres(settings.ConnectionString);
            if (settings.PostgresLookupConnectionString is { } lookupConnectionString)
            {
                lookups = CreatePostgres(lookupConnectionString);
            }
        }
    }

    public bool IsPostgres => postgres is not null;

    /// <summary>
    /// The node's one PostgreSQL data source, which EF, the group commit's writer and the start-up lock open their
    /// connections from too: one pool per node (the size its connection string sets), and the database's types loaded
    /// once at start instead of once per pool.
    /// </summary>
    public NpgsqlDataSource? PostgresSource => (NpgsqlDataSource?)postgres;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DbDataSource CreatePostgres(string connectionString) => NpgsqlDataSource.Create(connectionString);

    public async ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        if (idle.TryTake(out var lease))
        {
            Interlocked.Decrement(ref idleCount);
            return lease;
        }

        return new Lease(this, await OpenAsync(cancellationToken));
    }

    /// <summary>
    /// A connection for one key lookup: a single statement that needs no session and no transaction. On PostgreSQL it
    /// comes from the multiplexed data source (<see cref="StorageSettings.PostgresLookupConnectionString"/>), where
    /// opening a connection binds no physical one and each statement joins the next write to a shared connection.
    /// </summary>
    public async ValueTask<Lease> RentLookupAsync(CancellationToken cancellationToken) => lookups is null
        ? await RentAsync(cancellationToken)
        : new Lease(this, await OpenAsync(lookups.CreateConnection(), cancellationToken));

    /// <summary>A new open connection of the caller's own: from the data source's pool, or a SQLite one with the pragmas set.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        OpenAsync(postgres is not null ? postgres.CreateConnection() : new SqliteConnection(settings.ConnectionString), cancellationToken);

    /// <summary>Opens <paramref name="connection"/> (a SQLite one with the pragmas set), disposing it if that fails.</summary>
    private static async Task<DbConnection> OpenAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection)
            {
                await using var pragmas = connection.CreateCommand();
                pragmas.CommandText = SqlitePragmas.Statements;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return connection;
    }

    /// <summary>
    /// Rows of one statement run outside EF: for what runs before the server is ready (schema version, tenant and key
    /// ring checks), so a start does not pay EF's first use (its internal services, the compiled model: 0.2–0.3 s of a
    /// core here), and for what token requests and every node's background work run (<see cref="RequestStorage"/>), so
    /// a node that only serves tokens never uses EF at all.
    /// </summary>
    public Task<List<List<object?>>> RowsAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RowsAsync(sql, int.MaxValue, cancellationToken, parameters);

    /// <summary>At most <paramref name="limit"/> rows of one statement run outside EF.</summary>
    public Task<List<List<object?>>> RowsAsync(string sql, int limit, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        OnLeaseAsync(connection => RawSql.ReadAsync(connection, null, sql, limit, cancellationToken, parameters), cancellationToken);

    /// <summary>A statement without rows run outside EF; the number of rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        OnLeaseAsync(connection => RawSql.ExecuteAsync(connection, null, sql, cancellationToken, parameters), cancellationToken);

    /// <summary>Runs <paramref name="statement"/> on a rented connection; one that fails is not reused.</summary>
    private async Task<T> OnLeaseAsync<T>(Func<DbConnection, Task<T>> statement, CancellationToken cancellationToken)
    {
        using var lease = await RentAsync(cancellationToken);
        try
        {
            return await statement(lease.Connection);
        }
        catch
        {
            lease.Fail();
            throw;
        }
    }

    public void Dispose()
    {
        while (idle.TryTake(out var lease))
        {
            lease.Close();
        }

        lookups?.Dispose();
        postgres?.Dispose();
    }

    private void Return(Lease lease)
    {
        if (lease.Failed || lease.Connection.State != System.Data.ConnectionState.Open)
        {
            lease.Close();
            while (idle.TryTake(out var stale))
            {
                Interlocked.Decrement(ref idleCount);
                stale.Close();
            }

            return;
        }

        // Racing returns may keep a few more than MaxIdle: a bound on idle handles, not an exact count.
        if (postgres is not null || Volatile.Read(ref idleCount) >= MaxIdle)
        {
            // PostgreSQL: back to Npgsql's pool, which keeps the connection and its prepared statements.
            lease.Close();
            return;
        }

        Interlocked.Increment(ref idleCount);
        idle.Add(lease);
    }

    /// <summary>A connection for one request's hot statements; dispose it to give it back.</summary>
    internal sealed class Lease(HotConnections owner, DbConnection connection) : IDisposable
    {
        private readonly ConnectionCommands commands = new();

        public DbConnection Connection { get; } = connection;

        public bool Failed { get; private set; }

        /// <summary>
        /// The command for <paramref name="sql"/> on this connection, prepared once (SQLite) and reused: set its
        /// parameters' values and run it. <paramref name="parameters"/> names them on first use.
        /// </summary>
        public DbCommand Command(string sql, params ReadOnlySpan<string> parameters) => commands.For(Connection, sql, parameters);

        /// <summary>Marks the connection unusable (a statement failed), so it is closed instead of reused.</summary>
        public void Fail() => Failed = true;

        public void Dispose() => owner.Return(this);

        public void Close()
        {
            commands.Clear();
            Connection.Dispose();
        }
    }
}

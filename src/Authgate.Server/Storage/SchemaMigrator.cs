using System.Data.Common;
using System.Reflection;

namespace Authgate.Storage;

/// <summary>
/// Applies the versioned SQL scripts embedded under <c>Storage/Migrations/{provider}/NNNN_name.sql</c> in order,
/// each in its own transaction, and records them in <c>schema_migrations</c>. Plain SQL, not EF migrations, keeps
/// every schema change reviewable per provider (EF's design-time tools serve only tools/compiled-models.sh). Several
/// nodes starting at once apply each script once: PostgreSQL serialises them with an advisory lock, SQLite with its
/// write lock.
/// </summary>
internal sealed class SchemaMigrator(HotConnections connections, StorageSettings settings, ILogger<SchemaMigrator> logger)
{
    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> Scripts(string provider)
    {
        var prefix = $"Authgate.Migrations.{provider}.";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Select(n => (Resource: n, Name: n.Replace('/', '.').Replace('\\', '.')))
            .Where(n => n.Name.StartsWith(prefix, StringComparison.Ordinal) && n.Name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r =>
            {
                var n = r.Resource;
                var file = r.Name[prefix.Length..^4];
                var version = int.Parse(file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n) ?? throw new InvalidOperationException(n);
                using var reader = new StreamReader(stream);
                return new Script(version, file, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <summary>Brings the schema up to <paramref name="targetVersion"/> (default: the newest script).</summary>
    public async Task<int> MigrateAsync(int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        // A connection outside EF (with the same pragmas on SQLite): a start on an up-to-date database builds no EF model.
        using var lease = await connections.RentAsync(cancellationToken);
        var connection = lease.Connection;
        var postgres = settings.Provider == StorageProvider.Postgres;
        try
        {
            if (postgres)
            {
                // Session-level, held until the connection closes: one node migrates, the others wait then find nothing to do.
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            }

            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                cancellationToken);

            // One read of what is applied, so a start on an up-to-date database opens no transaction at all; a script
            // that looks missing is checked again under the write lock below (another node may have applied it since).
            var recorded = new HashSet<long>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT version FROM schema_migrations";
                await using var reader = await list.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    recorded.Add(reader.GetInt64(0));
                }
            }

            var applied = 0;
            foreach (var script in Scripts(settings.Provider))
            {
                if (targetVersion is { } target && script.Version > target)
                {
                    break;
                }

                if (recorded.Contains(script.Version))
                {
                    continue;
                }

                // On SQLite, BEGIN IMMEDIATE takes the write lock up front, so two processes starting at once apply a
                // script once: the second waits, then sees the version recorded and skips it.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var done = await ScalarAsync(connection, transaction,
                    $"SELECT COUNT(*) FROM schema_migrations WHERE version = {script.Version}", cancellationToken);
                if (done > 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }

                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                if (script.Version == StoredJsonRepair.Version)
                {
                    await StoredJsonRepair.RunAsync(connection, transaction, cancellationToken);
                }

                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)";
                    AddParameter(record, "@v", script.Version);
                    AddParameter(record, "@n", script.Name);
                    AddParameter(record, "@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied schema migration {Version} {Name}", script.Version, script.Name);
                applied++;
            }

            return applied;
        }
        catch
        {
            lease.Fail();
            throw;
        }
        finally
        {
            if (postgres && connection.State == System.Data.ConnectionState.Open)
            {
                // Pooled connections outlive this call: the session lock must be given back explicitly.
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>An arbitrary constant naming the migration lock ("AUTHGATE" in ASCII, truncated).</summary>
    private const long AdvisoryLockKey = 0x4155544847415445;

    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        using var lease = await connections.RentAsync(cancellationToken);
        return (int)await ScalarAsync(lease.Connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

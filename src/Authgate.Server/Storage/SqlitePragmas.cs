using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Authgate.Storage;

/// <summary>
/// WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode still keeps every committed
/// transaction across a process kill (only an OS crash can lose the last ones), and busy_timeout makes
/// concurrent writers wait instead of failing. Checkpoints are left to <see cref="SqliteCheckpointer"/>;
/// journal_size_limit (128 MiB, twice the size at which the log is made to start over) gives back the file space of a
/// log that once grew larger (an older version's) after it restarts.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statements = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=134217728;";

    // EF opens a pooled connection for every query; the pragmas belong to the physical connection, so they run
    // once per SQLite handle rather than on every open.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle;
        if (handle is null || configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
        configured.AddOrUpdate(handle, handle);
    }
}

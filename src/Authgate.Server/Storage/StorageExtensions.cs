using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Authgate.Storage;

internal static class StorageExtensions
{
    /// <summary>
    /// Registers <see cref="AuthDbContext"/> on the configured provider. Provider-specific code lives here, in
    /// <see cref="StorageSettings"/>, <see cref="SchemaMigrator"/>'s lock and the per-provider migration scripts only.
    /// No automatic retry: writes are not idempotent, so a failed request fails (503) and the client retries.
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StorageSettings>();
        builder.Services.AddSingleton<SqlitePragmas>();
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddDbContextPool<AuthDbContext>((services, options) =>
        {
            var settings = services.GetRequiredService<StorageSettings>();
            if (settings.Provider == StorageProvider.Postgres)
            {
                options.UseNpgsql(settings.ConnectionString);
            }
            else
            {
                options.UseSqlite(settings.ConnectionString).AddInterceptors(services.GetRequiredService<SqlitePragmas>());
            }

            options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });
        builder.Services.AddScoped<SchemaMigrator>();
        return builder;
    }

    /// <summary>
    /// WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode still keeps every committed
    /// transaction across a process kill (only an OS crash can lose the last ones), and busy_timeout makes
    /// concurrent writers wait instead of failing.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";

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
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            configured.AddOrUpdate(handle, handle);
        }
    }
}

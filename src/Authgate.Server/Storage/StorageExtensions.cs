using Microsoft.EntityFrameworkCore;

namespace Authgate.Storage;

internal static partial class StorageExtensions
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
                UsePostgres(options, services.GetRequiredService<HotConnections>());
            }
            else
            {
                options.UseSqlite(settings.ConnectionString).AddInterceptors(services.GetRequiredService<SqlitePragmas>());
            }

            UseCompiledModel(options, settings.Provider);
            options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });
        builder.Services.AddScoped<SchemaMigrator>();
        builder.Services.AddSingleton<HotConnections>();
        builder.Services.AddSingleton<HotReads>();
        builder.Services.AddSingleton<ConfigurationVersion>();
        builder.Services.AddSingleton<ConfigurationCache>();
        builder.Services.AddScoped<RequestStorage>();
        builder.Services.AddSingleton<GroupCommit>();
        builder.Services.AddHostedService<SqliteCheckpointer>();
        return builder;
    }

    // Apart from the registration's lambda, which SQLite nodes compile too: a method naming Npgsql's types loads it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void UsePostgres(DbContextOptionsBuilder options, HotConnections connections) =>
        options.UseNpgsql(connections.PostgresSource!);

    /// <summary>
    /// The provider's compiled model (Storage/CompiledModel.cs), so no context builds the model from the entity
    /// configurations at run time. Declared here and implemented there, so that tools/compiled-models.sh can build the
    /// server without the models it is about to generate.
    /// </summary>
    static partial void UseCompiledModel(DbContextOptionsBuilder options, string provider);
}

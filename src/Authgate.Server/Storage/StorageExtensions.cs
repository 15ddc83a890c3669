using Microsoft.EntityFrameworkCore;

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
        WarmUp(builder.Configuration["Authgate:Database:Provider"]);
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
        builder.Services.AddSingleton<HotConnections>();
        builder.Services.AddSingleton<HotReads>();
        builder.Services.AddSingleton<ConfigurationVersion>();
        builder.Services.AddSingleton<ConfigurationCache>();
        builder.Services.AddSingleton<GroupCommit>();
        builder.Services.AddHostedService<SqliteCheckpointer>();
        return builder;
    }

    /// <summary>
    /// Builds a throwaway EF model on another core while the host is being built: the first model costs mostly
    /// one-time work (type loading, EF's own start-up) that the server's real context then finds done, so start-up
    /// does not wait for it on one core. Nothing connects to a database.
    /// </summary>
    private static void WarmUp(string? provider) => Task.Run(() =>
    {
        try
        {
            var options = new DbContextOptionsBuilder<AuthDbContext>();
            if (string.Equals(provider, StorageProvider.Postgres, StringComparison.OrdinalIgnoreCase))
            {
                options.UseNpgsql("Host=localhost");
            }
            else
            {
                options.UseSqlite("Data Source=:memory:");
            }

            using var context = new AuthDbContext(options.Options);
            _ = context.Model;
            _ = context.TenantSettings.Where(t => t.Id == 1).ToQueryString();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Only a warm-up: the real context reports its own errors.
        }
    });
}

using Microsoft.EntityFrameworkCore;

namespace Authgate.Storage;

/// <summary>
/// Uses EF once (its internal services, the compiled model, one query) as soon as the server listens. Nothing on the
/// way to ready uses EF (start-up reads go through <see cref="HotConnections.RowsAsync"/>), because that first use
/// costs 0.2–0.3 s of a core (0.5 s and more before the models were compiled) and slowed every start; done here, it is
/// over before the first requests that need it (configuration loads, the Management API) instead of making the first
/// of them wait. Done earlier, on another core while the host is built, it slowed the host's own start more than it
/// saved: both load types under the same runtime locks.
/// </summary>
internal sealed partial class EfWarmUp(IHostApplicationLifetime lifetime, IServiceScopeFactory scopes, ILogger<EfWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await Hosting.HostStarted.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            _ = await db.TenantSettings.AnyAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Only a warm-up: the first request that needs EF reports the real error.
            LogFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "EF warm-up failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}

using Microsoft.EntityFrameworkCore;

namespace Authgate.Storage;

/// <summary>
/// Makes a context once (EF's internal services, the compiled model, a connection) as soon as the server listens, so
/// the first token request does not pay for it. Nothing on the way to ready uses EF (start-up reads go through
/// <see cref="HotConnections.RowsAsync"/>), because that first use costs a good part of 0.2–0.3 s of a core and slowed
/// every start; done earlier, on another core while the host is built, it slowed the host's own start more than it
/// saved: both load types under the same runtime locks. It runs no query: token requests and the background work every
/// node does never run an EF query (they use <see cref="HotReads"/> and <see cref="RawSql"/>), and EF's query pipeline,
/// once used, holds about 13 MiB of a node's memory for good. The first Management API or dashboard request pays for
/// it instead (about 0.1–0.2 s once per process).
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
            _ = db.Model;
            _ = db.Reads;
            await db.Database.OpenConnectionAsync(stoppingToken);
            await db.Database.CloseConnectionAsync();
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

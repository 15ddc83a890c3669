using Microsoft.Extensions.Options;

namespace Authgate.Tokens;

/// <summary>Runs <see cref="RefreshTokenPurger"/> every <see cref="RefreshTokenOptions.PurgeInterval"/>, off the request path.</summary>
internal sealed partial class RefreshTokenHousekeeping(
    IServiceScopeFactory scopes,
    IOptions<RefreshTokenOptions> options,
    ILogger<RefreshTokenHousekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<RefreshTokenPurger>().PurgeOnceAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogPurged(logger, deleted);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; a purge that fails must not stop the server.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Purged {Count} expired or revoked refresh tokens and counters")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Refresh token purge failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

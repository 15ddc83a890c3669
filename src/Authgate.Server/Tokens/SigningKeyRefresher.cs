using Authgate.Storage;
using System.Globalization;

namespace Authgate.Tokens;

/// <summary>
/// Keeps every node's key ring in step with the shared database: every few seconds it compares the keys' states
/// (cheap) and reloads the ring when another node rotated or revoked a key.
/// </summary>
internal sealed partial class SigningKeyRefresher(HotConnections connections, SigningKeyRing ring, IConfiguration configuration, ILogger<SigningKeyRefresher> logger)
    : BackgroundService
{
    private string? fingerprint;

    public TimeSpan Interval => TimeSpan.FromSeconds(configuration.GetValue("Authgate:SigningKeys:RefreshSeconds", 5));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
            }
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Outside EF: every node runs this, most of them nothing else that needs EF.
        var states = await connections.RowsAsync("SELECT kid, current_since, current_until, revoked_at FROM signing_keys ORDER BY kid", cancellationToken);
        var current = string.Join('|', states.Select(row => string.Join(':', row.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture)))));
        if (fingerprint is not null && fingerprint != current)
        {
            await ring.ReloadAsync(cancellationToken);
        }

        fingerprint = current;
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Signing key refresh failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

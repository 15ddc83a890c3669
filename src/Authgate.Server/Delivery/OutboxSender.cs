using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Authgate.Security;
using Authgate.Storage;
using Microsoft.Extensions.Options;

namespace Authgate.Delivery;

/// <summary>
/// Delivers queued messages on every node. A node claims due rows with one conditional <c>UPDATE … RETURNING</c>
/// that writes a random claim and a lease (re-checked per row, so when nodes race for a row only one gets it), sends
/// them, then marks each sent (text erased) or schedules a retry with a doubling delay, guarded by its claim. A node
/// that dies mid-send leaves its rows to be claimed again when the lease ends: delivery is at least once, never lost.
/// </summary>
internal sealed partial class OutboxSender(
    HotConnections connections,
    WriteGate writes,
    IHostApplicationLifetime lifetime,
    OutboxSignal signal,
    IEmailTransport email,
    ISmsTransport sms,
    SecretProtector protector,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private const int BatchSize = 20;

    private const string ClaimSql = """
        UPDATE outbox SET claim = @claim, claimed_until = @until, attempts = attempts + 1
        WHERE id IN (
            SELECT id FROM outbox
            WHERE sent_at IS NULL AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
            ORDER BY id LIMIT @batch)
          AND sent_at IS NULL AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
        RETURNING id, channel, payload, attempts
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        // The first pass (what an earlier run left queued) waits until the server listens.
        if (!await Hosting.HostStarted.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting: look again at once.
                if (await SendDueAsync(stoppingToken) >= BatchSize)
                {
                    continue;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, e.GetType().Name);
            }

            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: claim what is due, deliver it, record the outcomes. The number claimed.</summary>
    internal async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var claim = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        List<List<object?>> rows;
        using (await writes.EnterAsync(cancellationToken))
        {
            rows = await connections.RowsAsync(ClaimSql, BatchSize, cancellationToken,
                ("@claim", claim), ("@until", (now + TimeSpan.FromSeconds(options.Value.LeaseSeconds)).ToUnixTimeMilliseconds()),
                ("@now", now.ToUnixTimeMilliseconds()), ("@batch", BatchSize));
        }

        foreach (var row in rows)
        {
            var id = (string)row[0]!;
            var channel = (string)row[1]!;
            var attempts = Convert.ToInt32(row[3], CultureInfo.InvariantCulture);
            string? error;
            try
            {
                var payload = row[2] is string stored
                    ? JsonSerializer.Deserialize<OutboxPayload>(protector.Unprotect(stored, SecretPurposes.OutboxPayload))
                    : null;
                if (payload is null)
                {
                    error = "The message has no readable payload.";
                }
                else
                {
                    await (channel == OutboxChannels.Sms ? sms.SendAsync(id, payload, cancellationToken) : email.SendAsync(id, payload, cancellationToken));
                    error = null;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = e is CryptographicException or JsonException ? "The message has no readable payload." : $"{e.GetType().Name}: {e.Message}";
            }

            await RecordAsync(id, claim, channel, attempts, error, cancellationToken);
        }

        return rows.Count;
    }

    private async Task RecordAsync(string id, string claim, string channel, int attempts, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var write = await writes.EnterAsync(cancellationToken);
        if (error is null)
        {
            await connections.ExecuteAsync("UPDATE outbox SET sent_at = @now, payload = NULL, claim = NULL, claimed_until = NULL, last_error = NULL WHERE id = @id AND claim = @claim",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@id", id), ("@claim", claim));
            LogSent(logger, channel, id);
            return;
        }

        var givingUp = attempts >= options.Value.MaxAttempts || error.StartsWith("The message has no readable payload", StringComparison.Ordinal);
        var delay = Math.Min(options.Value.MaxRetrySeconds, options.Value.RetrySeconds * Math.Pow(2, Math.Min(attempts - 1, 20)));
        var next = givingUp ? long.MaxValue / 2 : (now + TimeSpan.FromSeconds(delay)).ToUnixTimeMilliseconds();
        var text = error.Length > 500 ? error[..500] : error;
        await connections.ExecuteAsync(
            "UPDATE outbox SET next_attempt_at = @next, claim = NULL, claimed_until = NULL, last_error = @error, payload = CASE WHEN @erase = 1 THEN NULL ELSE payload END WHERE id = @id AND claim = @claim",
            cancellationToken, ("@next", next), ("@error", text), ("@erase", givingUp ? 1 : 0), ("@id", id), ("@claim", claim));
        if (givingUp)
        {
            LogGaveUp(logger, channel, id, attempts, text);
        }
        else
        {
            LogRetry(logger, channel, id, attempts, (int)delay, text);
        }
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Outbox: {Channel} message {Id} delivered")]
    private static partial void LogSent(ILogger logger, string channel, string id);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Outbox: {Channel} message {Id} not delivered (attempt {Attempts}), retrying in {Delay} s: {Error}")]
    private static partial void LogRetry(ILogger logger, string channel, string id, int attempts, int delay, string error);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Outbox: {Channel} message {Id} given up after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string channel, string id, int attempts, string error);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Outbox: a delivery pass failed ({Error}); the next pass retries")]
    private static partial void LogPassFailed(ILogger logger, string error);
}

namespace Authgate.Delivery;

/// <summary>Hands one SMS to the gateway (a webhook, or a file); throws when it could not, so the outbox retries.</summary>
public interface ISmsTransport
{
    Task SendAsync(string messageId, OutboxPayload message, CancellationToken cancellationToken);
}

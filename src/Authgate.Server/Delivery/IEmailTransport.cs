namespace Authgate.Delivery;

/// <summary>Hands one email to the world (SMTP, or a file); throws when it could not, so the outbox retries.</summary>
public interface IEmailTransport
{
    Task SendAsync(string messageId, OutboxPayload message, CancellationToken cancellationToken);
}

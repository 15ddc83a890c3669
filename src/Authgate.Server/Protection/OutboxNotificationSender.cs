using Authgate.Delivery;

namespace Authgate.Protection;

/// <summary>
/// The default sender: queues the notice as an email in the database outbox (<see cref="Outbox"/>), delivered by SMTP
/// when <c>Authgate:Delivery:Smtp:Host</c> is set, else written as a text file to <c>{DataDirectory}/outbox</c> for a
/// mail relay or an operator to pick up. Queuing never waits for delivery, and a relay outage loses nothing.
/// </summary>
internal sealed class OutboxNotificationSender(Outbox outbox) : IBlockNotificationSender
{
    public Task SendAsync(BlockNotification notification, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(OutboxChannels.Email, new OutboxPayload(notification.To, "Your account has been blocked", $"""
            Your account {notification.Identifier} ({notification.Connection}) was blocked after several failed login attempts{(notification.Ip is null ? "" : $" from {notification.Ip}")}.
            To unblock it, open this link (it works once):
            {notification.UnblockUrl}

            """), cancellationToken);
}

using System.Globalization;
using Authgate.Hosting;
using Microsoft.Extensions.Options;

namespace Authgate.Protection;

/// <summary>
/// The default sender: writes each notice as a text file in <c>{DataDirectory}/outbox</c> (readable by the owner only)
/// for a mail relay or an operator to pick up, and notes in the server log that it did, without the link.
/// </summary>
internal sealed partial class OutboxNotificationSender(IOptions<AuthgateOptions> options, TimeProvider time, ILogger<OutboxNotificationSender> logger)
    : IBlockNotificationSender
{
    public async Task SendAsync(BlockNotification notification, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.Value.DataDirectory, "outbox");
        Security.PrivateFiles.CreateDirectory(options.Value.DataDirectory);
        Security.PrivateFiles.CreateDirectory(directory);
        var name = $"{time.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.txt";
        var file = Security.PrivateFiles.NewFile();

        await using (var stream = new FileStream(Path.Combine(directory, name), file))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync($"""
                To: {notification.To}
                Subject: Your account has been blocked

                Your account {notification.Identifier} ({notification.Connection}) was blocked after several failed login attempts{(notification.Ip is null ? "" : $" from {notification.Ip}")}.
                To unblock it, open this link (it works once):
                {notification.UnblockUrl}

                """);
        }

        LogWritten(logger, notification.Connection, name);
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Block notification for a user of {Connection} written to the outbox as {File}")]
    private static partial void LogWritten(ILogger logger, string connection, string file);
}

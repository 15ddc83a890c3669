namespace Authgate.Protection;

/// <summary>Delivers brute-force block notices (Auth0's <c>user_notification</c> shield). Replace it to send real email.</summary>
public interface IBlockNotificationSender
{
    Task SendAsync(BlockNotification notification, CancellationToken cancellationToken);
}

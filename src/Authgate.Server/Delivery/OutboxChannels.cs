namespace Authgate.Delivery;

internal static class OutboxChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
}

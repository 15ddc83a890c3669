using Authgate.Tenants;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Mfa;

/// <summary>
/// The test server with MFA clients, an SMTP sink and an SMS webhook receiver started for it, and an outbox that
/// looks for due messages every second.
/// </summary>
public sealed class MfaFactory : AuthgateFactory
{
    public const string ClientId = "mfaClientId000000000000000000001";
    public const string ClientSecret = "mfa-client-secret-0123456789-abcdefghijklmnopq";
    public const string OtpOnlyClientId = "mfaOtpOnlyClient0000000000000002";
    public const string OtpOnlyClientSecret = "mfa-otp-only-secret-0123456789-abcdefghijklmnop";
    public const string SmsAuthorization = "Bearer sms-gateway-token";

    public MfaFactory()
        : this(SmtpSink.Start(), new WebhookReceiver())
    {
    }

    private MfaFactory(SmtpSink smtp, WebhookReceiver sms)
        : base(Tenant(), Settings(smtp, sms))
    {
        Smtp = smtp;
        Sms = sms;
    }

    public SmtpSink Smtp { get; }

    public WebhookReceiver Sms { get; }

    internal static Dictionary<string, string?> Settings(SmtpSink smtp, WebhookReceiver sms) => new()
    {
        ["Authgate:Delivery:Smtp:Host"] = "127.0.0.1",
        ["Authgate:Delivery:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Authgate:Delivery:Smtp:Security"] = "none",
        ["Authgate:Delivery:Smtp:From"] = "Authgate <mfa@authgate.test>",
        ["Authgate:Delivery:Sms:WebhookUrl"] = sms.Url,
        ["Authgate:Delivery:Sms:Authorization"] = SmsAuthorization,
        ["Authgate:Delivery:PollSeconds"] = "1",
        ["Authgate:Delivery:RetrySeconds"] = "1",
        ["Authgate:Protection:LoginsPerUserAndIpPerMinute"] = "100000",
    };

    internal static TenantFile Tenant()
    {
        var tenant = TestTenant.Create();
        tenant.Clients.Add(new()
        {
            Name = "MFA app", ClientId = ClientId, ClientSecret = ClientSecret, AppType = "regular_web", Callbacks = ["https://mfa.test/cb"],
            GrantTypes = ["password", "http://auth0.com/oauth/grant-type/password-realm", "refresh_token",
                "http://auth0.com/oauth/grant-type/mfa-otp", "http://auth0.com/oauth/grant-type/mfa-oob", "http://auth0.com/oauth/grant-type/mfa-recovery-code"],
        });
        tenant.Clients.Add(new()
        {
            Name = "OTP only", ClientId = OtpOnlyClientId, ClientSecret = OtpOnlyClientSecret, AppType = "regular_web", Callbacks = ["https://otp.test/cb"],
            GrantTypes = ["password", "http://auth0.com/oauth/grant-type/mfa-otp"],
        });
        tenant.Connections[0].EnabledClients!.AddRange([ClientId, OtpOnlyClientId]);
        return tenant;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

namespace Authgate.Mfa;

/// <summary>
/// Auth0's Guardian factor names (AUTH0-MGMT-SCHEMA.md §3.11), in the order <c>GET /guardian/factors</c> lists them.
/// Authgate implements four; the others are listed, always disabled, and cannot be enabled.
/// </summary>
internal static class GuardianFactorNames
{
    public const string Sms = "sms";
    public const string PushNotification = "push-notification";
    public const string Otp = "otp";
    public const string Email = "email";
    public const string Duo = "duo";
    public const string WebAuthnRoaming = "webauthn-roaming";
    public const string WebAuthnPlatform = "webauthn-platform";
    public const string RecoveryCode = "recovery-code";

    public static readonly string[] All = [Sms, PushNotification, Otp, Email, Duo, WebAuthnRoaming, WebAuthnPlatform, RecoveryCode];

    public static readonly IReadOnlySet<string> Available = new HashSet<string>(StringComparer.Ordinal) { Sms, Otp, Email, RecoveryCode };
}

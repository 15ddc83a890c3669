namespace Authgate.Mfa;

/// <summary>
/// What an authenticator is, as stored, and how the MFA API shows it (AUTH0-CONTRACT.md §4): the id prefix
/// (<c>totp|dev_…</c>), <c>authenticator_type</c> (<c>otp</c>, <c>oob</c>, <c>recovery-code</c>) and <c>oob_channel</c>.
/// </summary>
internal static class AuthenticatorKinds
{
    public const string Totp = "totp";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string RecoveryCode = "recovery-code";

    public const string OtpType = "otp";
    public const string OobType = "oob";

    public static string TypeOf(string kind) => kind switch
    {
        Totp => OtpType,
        Email or Sms => OobType,
        _ => RecoveryCode,
    };

    public static string? ChannelOf(string kind) => kind is Email or Sms ? kind : null;

    /// <summary>The Guardian factor that must be enabled for this kind.</summary>
    public static string FactorOf(string kind) => kind switch
    {
        Totp => GuardianFactorNames.Otp,
        Email => GuardianFactorNames.Email,
        Sms => GuardianFactorNames.Sms,
        _ => GuardianFactorNames.RecoveryCode,
    };

    /// <summary>The type named in <c>mfa_requirements</c> (Auth0 says <c>phone</c> for SMS).</summary>
    public static string RequirementOf(string kind) => kind switch
    {
        Totp => OtpType,
        Sms => "phone",
        _ => kind,
    };

    public static string WireId(string kind, string id) => kind + "|" + id;

    /// <summary>Splits <c>totp|dev_…</c> into kind and enrolment id; null when it is not one of ours.</summary>
    public static (string Kind, string Id)? ParseWireId(string wireId)
    {
        var bar = wireId.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0)
        {
            return null;
        }

        var kind = wireId[..bar];
        return kind is Totp or Email or Sms or RecoveryCode && wireId.Length - bar - 1 is > 0 and <= 32 ? (kind, wireId[(bar + 1)..]) : null;
    }
}

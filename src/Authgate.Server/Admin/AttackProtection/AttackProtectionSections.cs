namespace Authgate.Admin.AttackProtection;

/// <summary>
/// The keys of a tenant file's <c>attackProtection</c> section, as Auth0's Deploy CLI names the settings, and the two
/// settings Auth0 has and Authgate does not (bot detection and CAPTCHA: answered 403, as on an Auth0 plan without them).
/// </summary>
internal static class AttackProtectionSections
{
    public static readonly IReadOnlyDictionary<string, AttackProtectionKind> Kinds = new Dictionary<string, AttackProtectionKind>(StringComparer.Ordinal)
    {
        ["bruteForceProtection"] = AttackProtectionKind.BruteForce,
        ["suspiciousIpThrottling"] = AttackProtectionKind.SuspiciousIp,
        ["breachedPasswordDetection"] = AttackProtectionKind.BreachedPassword,
    };

    public static readonly IReadOnlyDictionary<string, string> Unserved = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["botDetection"] = "Bot Detection",
        ["captcha"] = "CAPTCHA",
    };

    /// <summary>Auth0's answer for a feature the tenant's plan lacks, which Auth0's Deploy CLI skips.</summary>
    public static AdminError NotAvailable(string feature) => AdminError.Forbidden($"{feature} is not available on this tenant.", "insufficient_scope");
}

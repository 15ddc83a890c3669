using Authgate.Admin.Schemas;

namespace Authgate.Admin.AttackProtection;

/// <summary>The bodies of <c>PATCH /attack-protection/{brute-force-protection | suspicious-ip-throttling | breached-password-detection}</c>.</summary>
internal static class AttackProtectionSchema
{
    private static readonly ArraySchema IpAllowlist = Schema.Array(Schema.AnyOf(
        Schema.String().Formatted(SchemaFormats.Ipv4), Schema.String().Formatted(SchemaFormats.Cidr),
        Schema.String().Formatted(SchemaFormats.Ipv6), Schema.String().Formatted(SchemaFormats.Ipv6Cidr)));

    public static readonly ObjectSchema BruteForce = Schema.Closed(new()
    {
        { "enabled", Schema.Boolean().Describe("Whether or not brute force attack protections are active.") },
        { "shields", Schema.Array(Schema.Enum("block", "user_notification")).Describe("Action to take when a brute force protection threshold is violated.") },
        { "allowlist", IpAllowlist.Describe("List of trusted IP addresses that will not have attack protection enforced against them.") },
        { "mode", Schema.Enum("count_per_identifier_and_ip", "count_per_identifier").Describe("Account Lockout: Determines whether or not IP address is used when counting failed attempts.") },
        { "max_attempts", Schema.Integer().Between(1, 100).Describe("Maximum number of unsuccessful attempts.") },
    });

    private static ObjectSchema Stage(int maxAttempts, int minRate) => Schema.Closed(new()
    {
        { "max_attempts", Schema.Integer().Between(1, maxAttempts).Describe("Total number of attempts allowed.") },
        { "rate", Schema.Integer().Between(minRate, 86400000).Describe("Interval of time, given in milliseconds, at which new attempts are granted.") },
    });

    public static readonly ObjectSchema SuspiciousIp = Schema.Closed(new()
    {
        { "enabled", Schema.Boolean().Describe("Whether or not suspicious IP throttling attack protections are active.") },
        { "shields", Schema.Array(Schema.Enum("block", "admin_notification")).Describe("Action to take when a suspicious IP throttling threshold is violated.") },
        { "allowlist", IpAllowlist.Max(100) },
        {
            "stage", Schema.Closed(new()
            {
                { "pre-login", Stage(2500, 34560) },
                { "pre-user-registration", Stage(72000, 1200) },
                { "pre-custom-token-exchange", Stage(72000, 1) },
            }).Describe("Holds per-stage configuration options (max_attempts and rate).")
        },
    });

    private static ObjectSchema StageShields() => Schema.Closed(new() { { "shields", Schema.Array(Schema.Enum("block", "admin_notification")) } });

    public static readonly ObjectSchema BreachedPassword = Schema.Closed(new()
    {
        { "enabled", Schema.Boolean().Describe("Whether or not breached password detection is active.") },
        { "shields", Schema.Array(Schema.Enum("block", "user_notification", "admin_notification")) },
        { "admin_notification_frequency", Schema.Array(Schema.Enum("immediately", "daily", "weekly", "monthly")) },
        { "method", Schema.Enum("standard", "enhanced") },
        { "stage", Schema.Closed(new() { { "pre-user-registration", StageShields() }, { "pre-change-password", StageShields() } }) },
    });
}

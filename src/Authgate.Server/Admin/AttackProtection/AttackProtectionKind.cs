namespace Authgate.Admin.AttackProtection;

/// <summary>The three attack protection settings of a tenant.</summary>
internal enum AttackProtectionKind
{
    BruteForce,
    SuspiciousIp,
    BreachedPassword,
}

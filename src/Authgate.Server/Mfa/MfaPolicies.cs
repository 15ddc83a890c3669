namespace Authgate.Mfa;

/// <summary>The tenant's MFA policies (<c>PUT /api/v2/guardian/policies</c>); none means "only when a Rule or Action asks".</summary>
internal static class MfaPolicies
{
    /// <summary>"Always": every password login of a user needs a second factor (enrolling one if there is none).</summary>
    public const string AllApplications = "all-applications";

    /// <summary>
    /// "Adaptive" at Auth0, which challenges when its risk assessment has low confidence. Authgate has no risk signals,
    /// so it treats every login as low-confidence for users who have an active authenticator and never forces
    /// enrolment on users who have none (docs/MFA.md).
    /// </summary>
    public const string ConfidenceScore = "confidence-score";

    public static readonly string[] All = [AllApplications, ConfidenceScore];
}

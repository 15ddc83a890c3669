namespace Authgate.Storage.Entities;

/// <summary>One of the tenant's MFA policies (<c>all-applications</c>, <c>confidence-score</c>).</summary>
internal sealed class GuardianPolicy
{
    public required string Policy { get; set; }
}

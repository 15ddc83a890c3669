using Authgate.Grants;

namespace Authgate.Issuance;

/// <summary>
/// Where issuance stops when a second factor is required (an Action's <c>api.multifactor.enable()</c>, a Rule's
/// <c>context.multifactor</c>, later the tenant's MFA policy): the gate answers <c>403 mfa_required</c>, keeps the
/// decision with the MFA transaction, and the MFA grant finishes it with <see cref="TokenIssuance.FinishAsync"/>.
/// </summary>
internal interface IMultifactorGate
{
    Task<GrantResult> ChallengeAsync(IssuanceDecision decision, CancellationToken cancellationToken);
}

using Authgate.Grants;

namespace Authgate.Issuance;

/// <summary>
/// Where issuance stops when a second factor is required (the tenant's MFA policy, an Action's
/// <c>api.multifactor.enable()</c>, a Rule's <c>context.multifactor</c>): the gate answers <c>403 mfa_required</c>,
/// keeps the decision with the MFA transaction, and the MFA grant finishes it with <see cref="TokenIssuance.FinishAsync"/>.
/// </summary>
internal interface IMultifactorGate
{
    /// <summary>Null when the decision may be finished now; otherwise the <c>mfa_required</c> answer.</summary>
    Task<GrantResult?> CheckAsync(IssuanceDecision decision, CancellationToken cancellationToken);
}

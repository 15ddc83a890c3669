using Authgate.Grants;
using Authgate.OAuth;

namespace Authgate.Issuance;

/// <summary>
/// The gate until MFA enrolment and challenges exist: <c>mfa_required</c> without an <c>mfa_token</c>, which is what
/// Auth0 itself answers when an Action asks for a factor the password grant cannot challenge.
/// </summary>
internal sealed class MultifactorNotAvailable : IMultifactorGate
{
    public Task<GrantResult> ChallengeAsync(IssuanceDecision decision, CancellationToken cancellationToken) =>
        Task.FromResult(GrantResult.Failure(OAuthErrors.MfaRequired(), decision.Audit));
}

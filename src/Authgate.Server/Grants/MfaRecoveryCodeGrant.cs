using Authgate.Issuance;
using Authgate.Logs;
using Authgate.Mfa;
using Authgate.OAuth;
using Microsoft.Extensions.Options;

namespace Authgate.Grants;

/// <summary>
/// <c>http://auth0.com/oauth/grant-type/mfa-recovery-code</c>: the <c>mfa_token</c>'s transaction, then the recovery
/// code against the user's (one check from the recovery bucket). The code is replaced by compare-and-swap, so it
/// works once on any number of nodes, and the answer carries the new <c>recovery_code</c>.
/// </summary>
internal sealed class MfaRecoveryCodeGrant(
    MfaGrantSteps steps,
    MfaSettings settings,
    Authenticators authenticators,
    AttemptBuckets buckets,
    MfaEvents events,
    TokenIssuance issuance,
    IOptions<MfaOptions> options) : IGrantHandler
{
    public string GrantType => GrantTypes.MfaRecoveryCode;

    public async Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken)
    {
        var (open, refused) = await steps.OpenAsync(context, cancellationToken);
        if (open is null)
        {
            return refused!;
        }

        if (context.Request[OAuthParameters.RecoveryCode] is not { } typed)
        {
            return GrantResult.Failure(OAuthErrors.MissingParameter(OAuthParameters.RecoveryCode), open.Audit);
        }

        var user = open.User;
        var origin = MfaEvents.From(context);
        if (!(await settings.ReadAsync(cancellationToken)).IsEnabled(GuardianFactorNames.RecoveryCode))
        {
            return GrantResult.Failure(OAuthErrors.FactorNotEnabled(GuardianFactorNames.RecoveryCode), open.Audit);
        }

        var code = RecoveryCodes.Normalize(typed);
        var stored = (await authenticators.ListAsync(user.UserId, cancellationToken)).FirstOrDefault(a => a.Kind == AuthenticatorKinds.RecoveryCode && a.Active);
        if (code is null || stored?.RecoveryCodeHash is not { } expected)
        {
            events.Add(LogEventTypes.GuardianRecoveryFailed, "Invalid recovery_code.", user, origin);
            return GrantResult.Failure(OAuthErrors.InvalidRecoveryCode(), open.Audit);
        }

        if (!await buckets.TakeAsync(AttemptBuckets.Recovery, user.UserId, cancellationToken))
        {
            events.Add(LogEventTypes.GuardianRecoveryRateLimit, "Too many failed recovery code attempts", user, origin);
            return GrantResult.Failure(OAuthErrors.MfaTooManyAttempts(options.Value.AttemptRefillSeconds), open.Audit);
        }

        if (!RecoveryCodes.Matches(user.UserId, code, expected))
        {
            events.Add(LogEventTypes.GuardianRecoveryFailed, "Invalid recovery_code.", user, origin);
            return GrantResult.Failure(OAuthErrors.InvalidRecoveryCode(), open.Audit);
        }

        var (decision, notFinished) = await steps.CompleteAsync(context, open, cancellationToken);
        if (decision is null)
        {
            return notFinished!;
        }

        var next = await authenticators.RotateRecoveryCodeAsync(stored, expected, cancellationToken);
        if (next is null)
        {
            // Another request used the same code first.
            events.Add(LogEventTypes.GuardianRecoveryFailed, "Invalid recovery_code.", user, origin);
            return GrantResult.Failure(OAuthErrors.InvalidRecoveryCode(), open.Audit);
        }

        await buckets.GiveBackAsync(AttemptBuckets.Recovery, user.UserId, cancellationToken);
        events.Add(LogEventTypes.GuardianRecoverySucceeded, "Recovery code used", user, origin, AuthenticatorKinds.WireId(stored.Kind, stored.Id));
        var result = await issuance.FinishAsync(decision, cancellationToken);
        return result.Response is { } response ? result with { Response = response with { RecoveryCode = next } } : result;
    }
}

using Authgate.Issuance;
using Authgate.Logs;
using Authgate.Mfa;
using Authgate.OAuth;
using Microsoft.Extensions.Options;

namespace Authgate.Grants;

/// <summary>
/// <c>http://auth0.com/oauth/grant-type/mfa-otp</c>: the <c>mfa_token</c>'s transaction, then the TOTP code against
/// the user's OTP authenticators (a pending one is confirmed by it), one check from the user's bucket, the time step
/// used once; then the stored decision is finished.
/// </summary>
internal sealed class MfaOtpGrant(
    MfaGrantSteps steps,
    MfaSettings settings,
    Authenticators authenticators,
    TotpCodes totp,
    AttemptBuckets buckets,
    MfaEvents events,
    TokenIssuance issuance,
    IOptions<MfaOptions> options) : IGrantHandler
{
    public string GrantType => GrantTypes.MfaOtp;

    public async Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken)
    {
        var (open, refused) = await steps.OpenAsync(context, cancellationToken);
        if (open is null)
        {
            return refused!;
        }

        var otp = context.Request[OAuthParameters.Otp];
        if (otp is null)
        {
            return GrantResult.Failure(OAuthErrors.MissingParameter(OAuthParameters.Otp), open.Audit);
        }

        var user = open.User;
        var origin = MfaEvents.From(context);
        if (!(await settings.ReadAsync(cancellationToken)).IsEnabled(GuardianFactorNames.Otp))
        {
            return GrantResult.Failure(OAuthErrors.FactorNotEnabled(GuardianFactorNames.Otp), open.Audit);
        }

        // A code that cannot be one (length, alphabet) is refused before anything is counted or written.
        var candidates = (await authenticators.ListAsync(user.UserId, cancellationToken)).Where(a => a.Kind == AuthenticatorKinds.Totp).ToList();
        if (!TotpCodes.IsWellFormed(otp) || candidates.Count == 0)
        {
            events.Add(LogEventTypes.GuardianAuthFailed, "Invalid otp_code.", user, origin);
            return GrantResult.Failure(OAuthErrors.InvalidOtp(), open.Audit);
        }

        if (!await buckets.TakeAsync(AttemptBuckets.Otp, user.UserId, cancellationToken))
        {
            events.Add(LogEventTypes.GuardianOtpRateLimit, "Too many failed OTP attempts", user, origin);
            return GrantResult.Failure(OAuthErrors.MfaTooManyAttempts(options.Value.AttemptRefillSeconds), open.Audit);
        }

        foreach (var candidate in candidates)
        {
            if (authenticators.SecretOf(candidate) is { } secret && totp.Match(secret, otp) is { } step)
            {
                // The step is spent even if the token is lost to a race below: a code never works twice.
                if (!await totp.UseStepAsync(user.UserId, step, cancellationToken))
                {
                    break;
                }

                var (decision, notFinished) = await steps.CompleteAsync(context, open, cancellationToken);
                if (decision is null)
                {
                    return notFinished!;
                }

                await buckets.GiveBackAsync(AttemptBuckets.Otp, user.UserId, cancellationToken);
                await authenticators.UsedAsync(candidate, cancellationToken);
                var wireId = AuthenticatorKinds.WireId(candidate.Kind, candidate.Id);
                events.Add(candidate.Active ? LogEventTypes.GuardianAuthSucceeded : LogEventTypes.GuardianEnrollmentComplete,
                    candidate.Active ? "Second factor verified" : "Guardian enrollment complete", user, origin, wireId);
                return await issuance.FinishAsync(decision, cancellationToken);
            }
        }

        events.Add(LogEventTypes.GuardianAuthFailed, "Invalid otp_code.", user, origin);
        return GrantResult.Failure(OAuthErrors.InvalidOtp(), open.Audit);
    }
}

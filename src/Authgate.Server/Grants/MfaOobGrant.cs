using Authgate.Issuance;
using Authgate.Logs;
using Authgate.Mfa;
using Authgate.OAuth;
using Microsoft.Extensions.Options;

namespace Authgate.Grants;

/// <summary>
/// <c>http://auth0.com/oauth/grant-type/mfa-oob</c>: the <c>mfa_token</c>'s transaction, then the <c>oob_code</c> of
/// one of its email or SMS challenges and the <c>binding_code</c> the user received, one check from the user's
/// bucket; the challenge is used once, a pending authenticator is confirmed, and the stored decision is finished.
/// </summary>
internal sealed class MfaOobGrant(
    MfaGrantSteps steps,
    MfaSettings settings,
    Authenticators authenticators,
    OobCodes oobCodes,
    AttemptBuckets buckets,
    MfaEvents events,
    TokenIssuance issuance,
    IOptions<MfaOptions> options) : IGrantHandler
{
    public string GrantType => GrantTypes.MfaOob;

    public async Task<GrantResult> HandleAsync(GrantContext context, CancellationToken cancellationToken)
    {
        var (open, refused) = await steps.OpenAsync(context, cancellationToken);
        if (open is null)
        {
            return refused!;
        }

        var request = context.Request;
        if (request[OAuthParameters.OobCode] is not { } oobCode)
        {
            return GrantResult.Failure(OAuthErrors.MissingParameter(OAuthParameters.OobCode), open.Audit);
        }

        if (request[OAuthParameters.BindingCode] is not { } bindingCode)
        {
            return GrantResult.Failure(OAuthErrors.MissingParameter(OAuthParameters.BindingCode), open.Audit);
        }

        var user = open.User;
        var origin = MfaEvents.From(context);
        var challenge = await oobCodes.FindAsync(open.TransactionHash, oobCode, cancellationToken);
        var authenticator = challenge is null ? null : await authenticators.FindAsync(challenge.AuthenticatorId, cancellationToken);
        if (challenge is null || authenticator is null)
        {
            return GrantResult.Failure(OAuthErrors.InvalidOobCode(), open.Audit);
        }

        if (!(await settings.ReadAsync(cancellationToken)).IsEnabled(AuthenticatorKinds.FactorOf(authenticator.Kind)))
        {
            return GrantResult.Failure(OAuthErrors.FactorNotEnabled(AuthenticatorKinds.FactorOf(authenticator.Kind)), open.Audit);
        }

        if (!OobCodes.IsWellFormedBindingCode(bindingCode))
        {
            events.Add(LogEventTypes.GuardianAuthFailed, "Invalid binding_code.", user, origin);
            return GrantResult.Failure(OAuthErrors.InvalidBindingCode(), open.Audit);
        }

        if (!await buckets.TakeAsync(AttemptBuckets.Oob, user.UserId, cancellationToken))
        {
            events.Add(LogEventTypes.GuardianOtpRateLimit, "Too many failed verification attempts", user, origin);
            return GrantResult.Failure(OAuthErrors.MfaTooManyAttempts(options.Value.AttemptRefillSeconds), open.Audit);
        }

        switch (oobCodes.Check(challenge, oobCode, bindingCode))
        {
            case OobCodes.Outcome.Expired:
                await buckets.GiveBackAsync(AttemptBuckets.Oob, user.UserId, cancellationToken);
                return GrantResult.Failure(OAuthErrors.ExpiredOobCode(), open.Audit);
            case OobCodes.Outcome.WrongBindingCode:
                events.Add(LogEventTypes.GuardianAuthFailed, "Invalid binding_code.", user, origin);
                return GrantResult.Failure(OAuthErrors.InvalidBindingCode(), open.Audit);
        }

        if (!await oobCodes.UseAsync(challenge, cancellationToken))
        {
            return GrantResult.Failure(OAuthErrors.InvalidOobCode(), open.Audit);
        }

        var (decision, notFinished) = await steps.CompleteAsync(context, open, cancellationToken);
        if (decision is null)
        {
            return notFinished!;
        }

        await buckets.GiveBackAsync(AttemptBuckets.Oob, user.UserId, cancellationToken);
        await authenticators.UsedAsync(authenticator, cancellationToken);
        events.Add(authenticator.Active ? LogEventTypes.GuardianAuthSucceeded : LogEventTypes.GuardianEnrollmentComplete,
            authenticator.Active ? "Second factor verified" : "Guardian enrollment complete", user, origin,
            AuthenticatorKinds.WireId(authenticator.Kind, authenticator.Id));
        return await issuance.FinishAsync(decision, cancellationToken);
    }
}

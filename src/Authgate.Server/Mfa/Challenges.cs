using System.Text.Json.Nodes;
using Authgate.Logs;
using Authgate.OAuth;
using Authgate.Storage.Entities;

namespace Authgate.Mfa;

/// <summary>
/// <c>POST /mfa/challenge</c>: picks the user's authenticator (the one named, or the first enrolled of an accepted
/// type the client's grants support) and, for email and SMS, creates the challenge and queues the code. An OTP
/// challenge writes nothing: the app already has the code.
/// </summary>
internal sealed class Challenges(MfaSettings settings, Authenticators authenticators, OobCodes oobCodes, MfaEvents events)
{
    private static readonly string[] AllTypes = [AuthenticatorKinds.OtpType, AuthenticatorKinds.OobType];

    public async Task<(JsonObject? Response, OAuthError? Error)> ChallengeAsync(
        MfaTransactions.Found transaction, User user, Client client, string? challengeType, string? authenticatorId, MfaEvents.Origin origin,
        CancellationToken cancellationToken)
    {
        var types = Grants.ScopePolicy.Split(challengeType);
        if (types.Any(t => !AllTypes.Contains(t)))
        {
            return (null, OAuthErrors.ChallengeTypeUnsupported("challenge_type must be otp, oob or both."));
        }

        // Absent means every type the client supports (Auth0's documented default).
        var accepted = (types.Count == 0 ? AllTypes : types.ToArray())
            .Where(t => client.GrantTypes.Contains(t == AuthenticatorKinds.OtpType ? GrantTypes.MfaOtp : GrantTypes.MfaOob))
            .ToList();
        var tenant = await settings.ReadAsync(cancellationToken);
        var active = (await authenticators.ListAsync(user.UserId, cancellationToken))
            .Where(a => a.Active && a.Kind != AuthenticatorKinds.RecoveryCode && tenant.IsEnabled(AuthenticatorKinds.FactorOf(a.Kind)))
            .ToList();
        if (active.Count == 0)
        {
            return (null, OAuthErrors.AssociationRequiredError());
        }

        MfaAuthenticator? chosen;
        if (authenticatorId is not null)
        {
            var parsed = AuthenticatorKinds.ParseWireId(authenticatorId);
            chosen = parsed is { } id ? active.FirstOrDefault(a => a.Id == id.Id && a.Kind == id.Kind) : null;
            if (chosen is null)
            {
                return (null, OAuthErrors.AuthenticatorNotFound());
            }

            if (!accepted.Contains(AuthenticatorKinds.TypeOf(chosen.Kind)))
            {
                return (null, OAuthErrors.ChallengeTypeUnsupported("The authenticator's challenge type is not accepted by the request or the client."));
            }
        }
        else
        {
            chosen = active.FirstOrDefault(a => accepted.Contains(AuthenticatorKinds.TypeOf(a.Kind)));
            if (chosen is null)
            {
                return (null, OAuthErrors.ChallengeTypeUnsupported("User does not have an authenticator of the requested challenge types."));
            }
        }

        if (chosen.Kind == AuthenticatorKinds.Totp)
        {
            return (new JsonObject { ["challenge_type"] = AuthenticatorKinds.OtpType }, null);
        }

        if (await oobCodes.CountDeliveryAsync(user.UserId, cancellationToken) is { Allowed: false } limited)
        {
            return (null, OAuthErrors.MfaTooManyMessages(limited));
        }

        var oobCode = await oobCodes.SendAsync(transaction.Transaction.TokenHash, chosen, await settings.TenantNameAsync(), enrolment: false, cancellationToken);
        events.Add(chosen.Kind == AuthenticatorKinds.Sms ? LogEventTypes.GuardianSendSms : LogEventTypes.GuardianSendEmail,
            "Verification code queued", user, origin, AuthenticatorKinds.WireId(chosen.Kind, chosen.Id));
        return (new JsonObject
        {
            ["challenge_type"] = AuthenticatorKinds.OobType,
            ["oob_code"] = oobCode,
            ["binding_method"] = "prompt",
        }, null);
    }
}

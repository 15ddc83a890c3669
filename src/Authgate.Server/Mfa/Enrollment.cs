using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Authgate.Grants;
using Authgate.Logs;
using Authgate.OAuth;

namespace Authgate.Mfa;

/// <summary>
/// <c>POST /mfa/associate</c>: the first enrolment of a user in the middle of a login. Checks, in order, that the
/// caller may enrol, the parameters, that the factor is enabled and (for email and SMS) the hourly message limit,
/// before anything is written; then a pending authenticator (and, the first time, a recovery code) is created and,
/// for email and SMS, a code is queued. The first successful MFA grant confirms it.
/// </summary>
internal sealed partial class Enrollment(
    MfaSettings settings,
    Authenticators authenticators,
    OobCodes oobCodes,
    MfaEvents events)
{
    public async Task<(JsonObject? Response, OAuthError? Error)> AssociateAsync(MfaCaller caller, TokenRequest request, MfaEvents.Origin origin, CancellationToken cancellationToken)
    {
        var user = caller.User;
        if (caller.Transaction is not { } transaction)
        {
            // Auth0 confirms such an enrolment by passing the access token as mfa_token to the MFA grants, which
            // Authgate does not implement: enrolment happens during a login (docs/MFA.md).
            return (null, caller.Has("enroll")
                ? OAuthErrors.Denied("Enrolling with an MFA API access token is not supported; enroll with the mfa_token of a login.")
                : OAuthErrors.MfaScopeMissing("enroll"));
        }

        if (await authenticators.IsEnrolledAsync(user.UserId, cancellationToken))
        {
            return (null, OAuthErrors.AlreadyEnrolled());
        }

        var types = ScopePolicy.Split(request[OAuthParameters.AuthenticatorTypes]);
        if (types.Count == 0)
        {
            return (null, OAuthErrors.MissingParameter(OAuthParameters.AuthenticatorTypes));
        }

        if (types.Count > 1)
        {
            return (null, OAuthErrors.BadRequest("authenticator_types must name exactly one type."));
        }

        var (kind, phone, email, invalid) = Parse(types[0], request, user.Email);
        if (kind is null)
        {
            return (null, invalid);
        }

        var tenant = await settings.ReadAsync(cancellationToken);
        var factor = AuthenticatorKinds.FactorOf(kind);
        if (!tenant.IsEnabled(factor))
        {
            return (null, OAuthErrors.FactorNotEnabled(factor));
        }

        if (kind != AuthenticatorKinds.Totp && await oobCodes.CountDeliveryAsync(user.UserId, cancellationToken) is { Allowed: false } limited)
        {
            return (null, OAuthErrors.MfaTooManyMessages(limited));
        }

        var tenantName = await settings.TenantNameAsync();
        var (authenticator, secret, recoveryCode) = await authenticators.EnrollAsync(user.UserId, kind, phone, email,
            withRecoveryCode: tenant.IsEnabled(GuardianFactorNames.RecoveryCode), cancellationToken);
        var wireId = AuthenticatorKinds.WireId(kind, authenticator.Id);
        events.Add(LogEventTypes.GuardianStartEnroll, "Guardian enrollment started", user, origin, wireId);
        JsonObject response;
        if (secret is not null)
        {
            response = new JsonObject
            {
                ["authenticator_type"] = AuthenticatorKinds.OtpType,
                ["secret"] = TotpCodes.Base32(secret),
                ["barcode_uri"] = TotpCodes.EnrolmentUri(secret, user.Email ?? user.Username ?? user.UserId, tenantName),
            };
        }
        else
        {
            var oobCode = await oobCodes.SendAsync(transaction.Transaction.TokenHash, authenticator, tenantName, enrolment: true, cancellationToken);
            events.Add(kind == AuthenticatorKinds.Sms ? LogEventTypes.GuardianSendSms : LogEventTypes.GuardianSendEmail,
                "Verification code queued", user, origin, wireId);
            response = new JsonObject
            {
                ["authenticator_type"] = AuthenticatorKinds.OobType,
                ["binding_method"] = "prompt",
                ["oob_channel"] = kind,
                ["oob_code"] = oobCode,
            };
        }

        if (recoveryCode is not null)
        {
            response["recovery_codes"] = new JsonArray(recoveryCode);
        }

        response["id"] = wireId;
        return (response, null);
    }

    private static (string? Kind, string? Phone, string? Email, OAuthError? Error) Parse(string type, TokenRequest request, string? userEmail)
    {
        switch (type)
        {
            case AuthenticatorKinds.OtpType:
                return (AuthenticatorKinds.Totp, null, null, null);
            case AuthenticatorKinds.OobType:
                var channels = ScopePolicy.Split(request[OAuthParameters.OobChannels]);
                if (channels.Count == 0)
                {
                    return (null, null, null, OAuthErrors.MissingParameter(OAuthParameters.OobChannels));
                }

                if (channels.Count > 1 || channels[0] is not (AuthenticatorKinds.Sms or AuthenticatorKinds.Email))
                {
                    return (null, null, null, OAuthErrors.ChallengeTypeUnsupported("oob_channels must be [\"sms\"] or [\"email\"]: voice and push are not available."));
                }

                if (channels[0] == AuthenticatorKinds.Sms)
                {
                    var phone = request[OAuthParameters.PhoneNumber];
                    return phone is null ? (null, null, null, OAuthErrors.MissingParameter(OAuthParameters.PhoneNumber))
                        : !E164().IsMatch(phone) ? (null, null, null, OAuthErrors.BadRequest("phone_number must be in E.164 format, such as +14155550100."))
                        : (AuthenticatorKinds.Sms, phone, null, null);
                }

                var email = request[OAuthParameters.Email] ?? userEmail;
                return email is null ? (null, null, null, OAuthErrors.MissingParameter(OAuthParameters.Email))
                    : !EmailAddress().IsMatch(email) ? (null, null, null, OAuthErrors.BadRequest("email is not a valid email address."))
                    : (AuthenticatorKinds.Email, null, email, null);
            default:
                return (null, null, null, OAuthErrors.ChallengeTypeUnsupported("authenticator_types must be [\"otp\"] or [\"oob\"]."));
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^[^@\s\u0000-\u001f]{1,64}@[^@\s\u0000-\u001f]{1,255}\.[^@\s\u0000-\u001f]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}

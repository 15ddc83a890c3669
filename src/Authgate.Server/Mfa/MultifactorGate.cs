using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Grants;
using Authgate.Issuance;
using Authgate.Logs;
using Authgate.OAuth;
using Authgate.Tokens;

namespace Authgate.Mfa;

/// <summary>
/// Decides whether a login needs a second factor, and if so answers <c>403 mfa_required</c> with an <c>mfa_token</c>
/// whose transaction stores the decision, and <c>mfa_requirements</c>: the factors to challenge (the user's active
/// authenticators) or, for a user with none, the factors to enrol. A second factor is needed when a Rule or Action
/// asked for one; for a password login, when the tenant's policy is <c>all-applications</c>, or
/// <c>confidence-score</c> and the user has an authenticator; and for the MFA API's audience whenever the user has
/// a factor other than email (AUTH0-ACTIONS-MFA-LDAP.md §2.7). Refresh exchanges follow only Rules and Actions.
/// </summary>
internal sealed class MultifactorGate(
    MfaSettings settings,
    Authenticators authenticators,
    MfaTransactions transactions,
    MfaDecisions decisions,
    ApiResolver apis) : IMultifactorGate
{
    public async Task<GrantResult?> CheckAsync(IssuanceDecision decision, CancellationToken cancellationToken)
    {
        var request = decision.Request;
        if (request.User is not { } user || request.Flow == IssuanceFlow.ClientCredentials)
        {
            return null;
        }

        var asked = decision.MultifactorProvider is not null;
        if (!asked && request.Flow != IssuanceFlow.Password)
        {
            return null;
        }

        var tenant = await settings.ReadAsync(cancellationToken);
        var allApplications = tenant.Policies.Contains(MfaPolicies.AllApplications) && tenant.AnyChallengeFactor;
        var confidenceScore = tenant.Policies.Contains(MfaPolicies.ConfidenceScore);
        var mfaApi = request.Api is { } api && apis.IsMfa(api.Identifier);
        if (!asked && !allApplications && !confidenceScore && !mfaApi)
        {
            // Nothing left that the user's authenticators could turn into a requirement: the common login, where reading
            // them (an EF query, about a tenth of a login's CPU besides the hash) would decide nothing.
            return null;
        }

        // Only authenticators of factors still enabled can be challenged.
        var usable = (await authenticators.ListAsync(user.UserId, cancellationToken))
            .Where(a => a.Active && tenant.IsEnabled(AuthenticatorKinds.FactorOf(a.Kind)))
            .ToList();
        var enrolled = usable.Any(a => a.Kind != AuthenticatorKinds.RecoveryCode);
        var required = asked
            || allApplications
            || (confidenceScore && enrolled)
            || (mfaApi && usable.Any(a => a.Kind is not AuthenticatorKinds.Email and not AuthenticatorKinds.RecoveryCode));
        if (!required)
        {
            return null;
        }

        var audit = decision.Audit with { EventType = LogEventTypes.MfaRequired };
        if (!enrolled && !tenant.AnyChallengeFactor)
        {
            // Asked for, but no factor can be enrolled or challenged: nothing the client could do with a token.
            return GrantResult.Failure(OAuthErrors.MfaRequired(), audit);
        }

        var token = await transactions.StartAsync(decisions.Store(decision), cancellationToken);
        var requirements = enrolled
            ? new JsonObject { ["challenge"] = Types(usable.Select(a => AuthenticatorKinds.RequirementOf(a.Kind))) }
            : new JsonObject { ["enroll"] = Types(EnrollableKinds(tenant).Select(AuthenticatorKinds.RequirementOf)) };
        return GrantResult.Failure(OAuthErrors.MfaRequired(new Dictionary<string, JsonElement>
        {
            ["mfa_token"] = JsonSerializer.SerializeToElement(token),
            ["mfa_requirements"] = JsonSerializer.SerializeToElement(requirements),
        }), audit);
    }

    private static IEnumerable<string> EnrollableKinds(MfaSettings.Snapshot tenant) =>
        new[] { AuthenticatorKinds.Totp, AuthenticatorKinds.Sms, AuthenticatorKinds.Email }.Where(k => tenant.IsEnabled(AuthenticatorKinds.FactorOf(k)));

    private static JsonArray Types(IEnumerable<string> types) =>
        new(types.Distinct().Select(t => (JsonNode)new JsonObject { ["type"] = t }).ToArray());
}

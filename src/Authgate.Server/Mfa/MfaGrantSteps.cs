using Authgate.Grants;
using Authgate.Issuance;
using Authgate.OAuth;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;

namespace Authgate.Mfa;

/// <summary>
/// What the three MFA grants share, before and after their own code check: open the transaction of the
/// <c>mfa_token</c> (this client's, unused, not expired), and once the code is right, restore the stored decision,
/// consume the transaction (one grant wins, on any node) and hand the decision back for <see cref="TokenIssuance.FinishAsync"/>.
/// </summary>
internal sealed class MfaGrantSteps(RequestStorage storage, MfaTransactions transactions, MfaDecisions decisions, ApiResolver apis)
{
    /// <summary>An open transaction with its user, and the audit of the request.</summary>
    public sealed record Open(MfaTransactions.Found Found, User User, GrantAudit Audit)
    {
        public string TransactionHash => Found.Transaction.TokenHash;
    }

    public async Task<(Open? Open, GrantResult? Refused)> OpenAsync(GrantContext context, CancellationToken cancellationToken)
    {
        var token = context.Request[OAuthParameters.MfaToken];
        if (token is null)
        {
            return (null, OAuthErrors.MissingParameter(OAuthParameters.MfaToken));
        }

        var (found, problem) = await transactions.FindAsync(token, context.Client.ClientId, cancellationToken);
        if (found is null)
        {
            return (null, problem == MfaTransactions.Problem.Expired ? OAuthErrors.ExpiredMfaToken() : OAuthErrors.MalformedMfaToken());
        }

        var user = await HotQueries.UserById(storage, found.Transaction.UserId);
        if (user is null)
        {
            return (null, OAuthErrors.MalformedMfaToken());
        }

        var audit = new GrantAudit(User: user, Audience: found.Decision.Audience is { } stored ? apis.ToWire(stored) : null);
        // The token is bound to its API: the optional audience of the MFA grant may only repeat it.
        if (context.Request[OAuthParameters.Audience] is { } audience && apis.ToStored(audience) != found.Decision.Audience)
        {
            return (null, GrantResult.Failure(OAuthErrors.MfaAudienceMismatch(), audit));
        }

        return (new Open(found, user, audit), null);
    }

    /// <summary>The code was right: the decision to finish, with the transaction consumed.</summary>
    public async Task<(IssuanceDecision? Decision, GrantResult? Refused)> CompleteAsync(GrantContext context, Open open, CancellationToken cancellationToken)
    {
        var (decision, error) = await decisions.RestoreAsync(open.Found.Decision, context, cancellationToken);
        if (decision is null)
        {
            return (null, GrantResult.Failure(error!, open.Audit));
        }

        if (!await transactions.ConsumeAsync(open.TransactionHash, cancellationToken))
        {
            return (null, GrantResult.Failure(OAuthErrors.MalformedMfaToken(), open.Audit));
        }

        return (decision, null);
    }
}

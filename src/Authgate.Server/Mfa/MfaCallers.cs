using Authgate.OAuth;
using Authgate.Storage;

namespace Authgate.Mfa;

/// <summary>Resolves the Bearer value of an MFA API request: an opaque <c>mfa_token</c> or a JWT for the MFA API.</summary>
internal sealed class MfaCallers(RequestStorage storage, MfaTransactions transactions, MfaApiTokens accessTokens)
{
    public async Task<(MfaCaller? Caller, OAuthError? Error)> ResolveAsync(string? bearer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(bearer))
        {
            return (null, OAuthErrors.MissingMfaBearer());
        }

        if (MfaTransactions.IsWellFormed(bearer))
        {
            var (found, problem) = await transactions.FindAsync(bearer, clientId: null, cancellationToken);
            if (found is null)
            {
                return (null, problem == MfaTransactions.Problem.Expired ? OAuthErrors.ExpiredMfaBearer() : OAuthErrors.MalformedMfaBearer());
            }

            var user = await HotQueries.UserById(storage, found.Transaction.UserId);
            return user is null ? (null, OAuthErrors.MalformedMfaBearer()) : (new MfaCaller(user, found.Transaction.ClientId, found, new HashSet<string>()), null);
        }

        var (holder, expired) = await accessTokens.ValidateAsync(bearer);
        if (holder is null)
        {
            return (null, expired ? OAuthErrors.ExpiredMfaBearer() : OAuthErrors.MalformedMfaBearer());
        }

        var owner = await HotQueries.UserById(storage, holder.UserId);
        return owner is null || owner.Blocked ? (null, OAuthErrors.MalformedMfaBearer()) : (new MfaCaller(owner, holder.ClientId, null, holder.Scopes), null);
    }
}

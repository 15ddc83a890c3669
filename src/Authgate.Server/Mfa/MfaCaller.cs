using Authgate.Storage.Entities;

namespace Authgate.Mfa;

/// <summary>
/// Who calls a Bearer endpoint of the MFA API: a user in the middle of a login (an <c>mfa_token</c>, whose
/// <see cref="Transaction"/> is set), or a user holding an MFA API access token with its <see cref="Scopes"/>.
/// </summary>
internal sealed record MfaCaller(User User, string? ClientId, MfaTransactions.Found? Transaction, IReadOnlySet<string> Scopes)
{
    public bool Has(string scope) => Transaction is not null || Scopes.Contains(scope);
}

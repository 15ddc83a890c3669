namespace Authgate.Management;

/// <summary>
/// Who calls the Management API: a client with a client grant (<see cref="EndUser"/> false), or an end user acting on
/// their own profile with <c>*:current_user*</c> scopes only.
/// </summary>
internal sealed record ManagementCaller(string ClientId, string Subject, IReadOnlySet<string> Scopes, bool EndUser)
{
    /// <summary>The <c>gty</c> claim of client-credentials access tokens.</summary>
    public const string ClientCredentialsGty = Issuance.TokenIssuance.ClientCredentialsGrantType;

    public bool Has(string scope) => Scopes.Contains(scope);

    public static ManagementCaller Of(HttpContext context) =>
        context.Items[typeof(ManagementCaller)] as ManagementCaller ?? throw new InvalidOperationException("No management caller.");
}

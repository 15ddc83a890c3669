namespace Authgate.Management;

/// <summary>Who calls the Management API: the client the access token was issued to, and its scopes.</summary>
internal sealed record ManagementCaller(string ClientId, string Subject, IReadOnlySet<string> Scopes)
{
    public bool Has(string scope) => Scopes.Contains(scope);

    public static ManagementCaller Of(HttpContext context) =>
        context.Items[typeof(ManagementCaller)] as ManagementCaller ?? throw new InvalidOperationException("No management caller.");
}

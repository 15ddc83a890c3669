namespace Authgate.Admin.Clients;

/// <summary>The filters of <c>GET /clients</c>: <c>app_type</c> (comma-separated), <c>is_first_party</c>, <c>is_global</c>.</summary>
internal sealed record ClientFilter(IReadOnlyList<string> AppTypes, bool? IsFirstParty, bool? IsGlobal)
{
    public static readonly ClientFilter None = new([], null, null);
}

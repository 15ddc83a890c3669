using System.Globalization;

namespace Authgate.Management;

/// <summary>Auth0's paging query: <c>page</c> (from 0), <c>per_page</c> (1–100, default 50), <c>include_totals</c>.</summary>
internal sealed record Paging(int Page, int PerPage, bool IncludeTotals)
{
    public int Skip => Page * PerPage;

    public static (Paging? Paging, ManagementError? Error) From(HttpRequest request)
    {
        var query = request.Query;
        var page = 0;
        var perPage = 50;
        var includeTotals = false;
        if (query.TryGetValue("page", out var p) && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page > 100_000))
        {
            return (null, ManagementError.BadQuery("Query validation error: 'page' must be an integer of at least 0."));
        }

        if (query.TryGetValue("per_page", out var pp) && (!int.TryParse(pp, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage is < 1 or > 100))
        {
            return (null, ManagementError.BadQuery("Query validation error: 'per_page' must be an integer between 1 and 100."));
        }

        if (query.TryGetValue("include_totals", out var it) && !bool.TryParse(it, out includeTotals))
        {
            return (null, ManagementError.BadQuery("Query validation error: 'include_totals' must be true or false."));
        }

        return (new Paging(page, perPage, includeTotals), null);
    }
}

using Authgate.Admin;
using Authgate.Admin.ClientGrants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Authgate.Dashboard.Pages.Grants;

/// <summary>The scopes field shared by the create and edit pages of a client grant.</summary>
internal abstract class GrantForm : DashboardPage
{
    /// <summary>One scope per line (or comma-separated).</summary>
    [BindProperty]
    public string? Scopes { get; set; }

    /// <summary>
    /// The service's refusal for display. Its "scope must be a subset" rule names no field in the service (Auth0's
    /// message has none); on this form it can only be about the scopes, so it is shown beside them.
    /// </summary>
    protected PageResult RefusedGrant(AdminError error) =>
        Refused(error.Fields is { } fields
            ? error with { Fields = fields.Select(f => f == ClientGrantService.ScopeNotSubset() ? f with { Path = "scope" } : f).ToList() }
            : error);
}

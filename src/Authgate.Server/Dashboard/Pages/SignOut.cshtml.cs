using Authgate.Dashboard.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages;

/// <summary>Ends the session everywhere (the row is deleted), from any stage.</summary>
[DashboardAccess(DashboardAccessLevel.Anyone)]
internal sealed class SignOutModel(DashboardSessions sessions) : DashboardPage
{
    public IActionResult OnGet() => Redirect(Href("sign-in"));

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.EndAsync(HttpContext, HttpContext.RequestAborted);
        return Redirect(Href("sign-in"));
    }
}

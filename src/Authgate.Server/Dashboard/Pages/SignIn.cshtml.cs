using Authgate.Dashboard.Accounts;
using Authgate.Storage.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard.Pages;

[DashboardAccess(DashboardAccessLevel.Anyone)]
internal sealed class SignInModel(DashboardSignIn signIn, DashboardSessions sessions, IOptions<DashboardOptions> options) : DashboardPage
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var (outcome, admin) = await signIn.PasswordAsync(Email ?? "", Password ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        switch (outcome)
        {
            case SignInOutcome.Success:
                await sessions.PurgeAsync(cancellationToken);
                await sessions.StartAsync(HttpContext, admin!.Id, DashboardSession.AwaitingCode, cancellationToken);
                return Redirect(Href("code"));
            case SignInOutcome.Locked:
                Failure = $"Too many failed sign-ins. Try again in {options.Value.LockoutMinutes} minutes.";
                break;
            case SignInOutcome.Busy:
                Failure = "The server is busy. Try again in a moment.";
                break;
            default:
                Failure = "Wrong email or password.";
                break;
        }

        Response.StatusCode = outcome == SignInOutcome.Locked ? 429 : 401;
        return Page();
    }
}

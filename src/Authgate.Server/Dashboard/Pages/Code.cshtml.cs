using OtpNet;
using Authgate.Mfa;
using Authgate.Dashboard.Accounts;
using Authgate.Storage.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard.Pages;

/// <summary>The second step: a TOTP code, with enrolment at the first sign-in.</summary>
[DashboardAccess(DashboardAccessLevel.AwaitingCode)]
internal sealed class CodeModel(DashboardSignIn signIn, DashboardSessions sessions, IOptions<DashboardOptions> options) : DashboardPage
{
    [BindProperty]
    public string? Code { get; set; }

    public string? EnrolmentSecret { get; private set; }

    public string? EnrolmentUri { get; private set; }

    private DashboardAdmin Account => (DashboardAdmin)HttpContext.Items[typeof(DashboardAdmin)]!;

    public async Task OnGetAsync() => await ShowEnrolmentAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var outcome = await signIn.CodeAsync(Account, Code, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (outcome == SignInOutcome.Success)
        {
            await sessions.PromoteAsync(HttpContext, Account.Id, cancellationToken);
            return Redirect(Href());
        }

        Failure = outcome == SignInOutcome.Locked
            ? $"Too many failed sign-ins. Try again in {options.Value.LockoutMinutes} minutes."
            : "That code is wrong or was already used. Wait for the next one.";
        Response.StatusCode = outcome == SignInOutcome.Locked ? 429 : 401;
        await ShowEnrolmentAsync();
        return Page();
    }

    private async Task ShowEnrolmentAsync()
    {
        EnrolmentSecret = await signIn.EnrolmentSecretAsync(Account, HttpContext.RequestAborted);
        if (EnrolmentSecret is not null)
        {
            EnrolmentUri = TotpCodes.EnrolmentUri(Base32Encoding.ToBytes(EnrolmentSecret), Account.Email, "Authgate");
        }
    }
}

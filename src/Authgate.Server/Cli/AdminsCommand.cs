using System.CommandLine;
using Authgate.Dashboard.Accounts;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Cli;

/// <summary><c>authgate admins create|list|reset-mfa</c>: the dashboard's administrators (their own accounts, not tenant users).</summary>
internal sealed class AdminsCommand(IServiceProvider services, TextWriter output)
{
    public Command Build()
    {
        var email = new Option<string>("--email") { Required = true, Description = "The administrator's email." };
        var password = new Option<string>("--password") { Required = true, Description = $"At least {AdminAccounts.MinimumPasswordLength} characters." };
        var create = new Command("create", "Create a dashboard administrator; the authenticator app is enrolled at the first sign-in.") { email, password };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var created = await scope.ServiceProvider.GetRequiredService<AdminAccounts>().CreateAsync(result.GetValue(email), result.GetValue(password), cancellationToken);
            if (!created.TryGet(out var admin, out var error))
            {
                throw new CommandException(error.Message);
            }

            output.WriteLine($"Administrator {admin.Email} created ({admin.Id}). Sign in at the dashboard to enrol an authenticator app.");
            return 0;
        });

        var list = new Command("list", "List dashboard administrators.");
        list.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            foreach (var admin in await db.DashboardAdmins.AsNoTracking().OrderBy(a => a.Email).ToListAsync(cancellationToken))
            {
                output.WriteLine($"{admin.Id}  {admin.Email}  {(admin.TotpEnrolled ? "authenticator enrolled" : "authenticator not enrolled")}");
            }

            return 0;
        });

        var resetEmail = new Option<string>("--email") { Required = true, Description = "The administrator's email." };
        var reset = new Command("reset-mfa", "Forget an administrator's authenticator and end their sessions (they enrol again at the next sign-in).") { resetEmail };
        reset.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            if (!await scope.ServiceProvider.GetRequiredService<AdminAccounts>().ResetTotpAsync(result.GetValue(resetEmail)!, cancellationToken))
            {
                throw new CommandException("No administrator has this email.");
            }

            output.WriteLine("Authenticator reset.");
            return 0;
        });

        return new Command("admins", "Dashboard administrators.") { create, list, reset };
    }

    private async Task<AsyncServiceScope> ScopeAsync(CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken: cancellationToken);
        return scope;
    }
}

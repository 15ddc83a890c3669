using System.Net.Mail;
using Authgate.Admin;
using Authgate.Admin.Schemas;
using Authgate.Connections;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Dashboard.Accounts;

/// <summary>
/// Dashboard administrators: created by <c>authgate admins create</c>, by the bootstrap configuration, listed and
/// reset by the CLI. One place for their rules (an email, a password of at least <see cref="MinimumPasswordLength"/> characters).
/// </summary>
internal sealed class AdminAccounts(AuthDbContext db, PasswordHashing hashing, TimeProvider time)
{
    public const int MinimumPasswordLength = 12;

    public async Task<AdminResult<DashboardAdmin>> CreateAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var normalized = (email ?? "").Trim().ToLowerInvariant();
        if (normalized.Length is 0 or > 320 || !MailAddress.TryCreate(normalized, out var parsed) || parsed.Address != normalized)
        {
            errors.Add(FieldError.At("email", "Object didn't pass validation for format email: " + (email ?? "")));
        }

        if ((password ?? "").Length < MinimumPasswordLength)
        {
            errors.Add(FieldError.At("password", $"An administrator's password needs at least {MinimumPasswordLength} characters"));
        }

        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors);
        }

        if (await db.DashboardAdmins.AnyAsync(a => a.Email == normalized, cancellationToken))
        {
            return AdminError.Conflict("An administrator with this email already exists", "admin_exists");
        }

        var admin = new DashboardAdmin
        {
            Id = "adm_" + RandomValues.Id(24),
            Email = normalized,
            PasswordHash = hashing.Hash(password!),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.DashboardAdmins.Add(admin);
        await db.SaveChangesAsync(cancellationToken);
        return admin;
    }

    /// <summary>Forgets the TOTP enrolment and ends the sessions: the next sign-in enrols a new authenticator.</summary>
    public async Task<bool> ResetTotpAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var changed = await db.DashboardAdmins.Where(a => a.Email == normalized)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.TotpEnrolled, false).SetProperty(a => a.TotpSecretProtected, (string?)null), cancellationToken);
        await db.DashboardSessions.Where(s => db.DashboardAdmins.Any(a => a.Id == s.AdminId && a.Email == normalized)).ExecuteDeleteAsync(cancellationToken);
        return changed > 0;
    }

    /// <summary>Creates the configured bootstrap administrator unless one with that email exists; null when nothing was configured.</summary>
    public async Task<AdminResult<DashboardAdmin>?> EnsureBootstrapAsync(BootstrapAdminOptions options, CancellationToken cancellationToken)
    {
        if (!options.Requested)
        {
            return null;
        }

        var normalized = (options.Email ?? "").Trim().ToLowerInvariant();
        var existing = await db.DashboardAdmins.AsNoTracking().FirstOrDefaultAsync(a => a.Email == normalized, cancellationToken);
        return existing is not null ? existing : await CreateAsync(options.Email, options.Password, cancellationToken);
    }
}

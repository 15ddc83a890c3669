using OtpNet;
using Authgate.Mfa;
using Authgate.Connections;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Dashboard.Accounts;

/// <summary>
/// The two sign-in steps: the password (an unknown email costs a dummy hash and gets the same answer), then a TOTP
/// code, enrolled at the first sign-in. Both count failures in <see cref="SignInThrottle"/>; a code's time step is
/// recorded so the same code cannot be used twice, on any node.
/// </summary>
internal sealed class DashboardSignIn(AuthDbContext db, WriteGate writes, PasswordHashing hashing, SecretProtector protector, SignInThrottle throttle, TimeProvider time)
{
    private const string Purpose = "dashboard_admin.totp_secret";

    public async Task<(SignInOutcome Outcome, DashboardAdmin? Admin)> PasswordAsync(string email, string password, string? ip, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToLowerInvariant();
        if (await throttle.IsLockedAsync(normalized, ip, cancellationToken))
        {
            return (SignInOutcome.Locked, null);
        }

        var admin = normalized.Length is > 0 and <= 320
            ? await db.DashboardAdmins.AsNoTracking().FirstOrDefaultAsync(a => a.Email == normalized, cancellationToken)
            : null;
        var verification = await hashing.VerifyAsync(admin?.PasswordHash, password, "dashboard");
        if (verification == PasswordVerification.Rejected)
        {
            return (SignInOutcome.Busy, null);
        }

        if (admin is null || verification == PasswordVerification.Failed)
        {
            await throttle.FailAsync(normalized, ip, cancellationToken);
            return (SignInOutcome.Wrong, null);
        }

        return (SignInOutcome.Success, admin);
    }

    /// <summary>The TOTP secret being enrolled (created on first use), or null once enrolment is done.</summary>
    public async Task<string?> EnrolmentSecretAsync(DashboardAdmin admin, CancellationToken cancellationToken)
    {
        if (admin.TotpEnrolled)
        {
            return null;
        }

        if (admin.TotpSecretProtected is { } pending)
        {
            return protector.Unprotect(pending, Purpose);
        }

        var secret = TotpCodes.Base32(TotpCodes.NewSecret());
        var sealedSecret = protector.Protect(secret, Purpose);
        using var write = await writes.EnterAsync(cancellationToken);
        // Two tabs enrolling at once keep the first secret.
        var set = await db.DashboardAdmins.Where(a => a.Id == admin.Id && a.TotpSecretProtected == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.TotpSecretProtected, sealedSecret), cancellationToken);
        if (set == 0)
        {
            var stored = await db.DashboardAdmins.AsNoTracking().Where(a => a.Id == admin.Id).Select(a => a.TotpSecretProtected).FirstAsync(cancellationToken);
            return protector.Unprotect(stored!, Purpose);
        }

        return secret;
    }

    /// <summary>Checks a code; the first correct use of its time step enrols (if needed) and succeeds, any later use fails.</summary>
    public async Task<SignInOutcome> CodeAsync(DashboardAdmin admin, string? code, string? ip, CancellationToken cancellationToken)
    {
        if (await throttle.IsLockedAsync(admin.Email, ip, cancellationToken))
        {
            return SignInOutcome.Locked;
        }

        var current = await db.DashboardAdmins.AsNoTracking().FirstAsync(a => a.Id == admin.Id, cancellationToken);
        var step = current.TotpSecretProtected is { } sealedSecret ? TotpCodes.MatchAt(Base32Encoding.ToBytes(protector.Unprotect(sealedSecret, Purpose)), code?.Replace(" ", "", StringComparison.Ordinal), time.GetUtcNow()) : null;
        var accepted = 0;
        if (step is { } matched)
        {
            var now = time.GetUtcNow().UtcDateTime;
            using var write = await writes.EnterAsync(cancellationToken);
            // The compare-and-set that makes a code single-use across nodes.
            accepted = await db.DashboardAdmins.Where(a => a.Id == admin.Id && (a.TotpLastStep == null || a.TotpLastStep < matched))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.TotpLastStep, matched).SetProperty(a => a.TotpEnrolled, true).SetProperty(a => a.LastSignInAt, now), cancellationToken);
        }

        if (accepted == 0)
        {
            await throttle.FailAsync(admin.Email, ip, cancellationToken);
            return SignInOutcome.Wrong;
        }

        await throttle.SucceedAsync(admin.Email, cancellationToken);
        return SignInOutcome.Success;
    }
}

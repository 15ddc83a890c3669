using System.Text.Json.Nodes;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Mfa;

/// <summary>
/// A user's authenticators: listing, enrolment (pending until a first successful challenge), activation, removal and
/// the recovery code. TOTP secrets are encrypted with a purpose bound to the authenticator's id.
/// </summary>
internal sealed class Authenticators(RequestStorage storage, WriteGate writes, SecretProtector protector, TimeProvider time)
{
    // EF, on the context made for it: the logins that construct this (through the MFA gate) mostly never use it.
    private AuthDbContext db => storage.Context;

    public Task<List<MfaAuthenticator>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.MfaAuthenticators.Where(a => a.UserId == userId).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);

    public Task<MfaAuthenticator?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.MfaAuthenticators.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    /// <summary>True when the user has an active authenticator other than the recovery code.</summary>
    public Task<bool> IsEnrolledAsync(string userId, CancellationToken cancellationToken) =>
        db.MfaAuthenticators.AnyAsync(a => a.UserId == userId && a.Active && a.Kind != AuthenticatorKinds.RecoveryCode, cancellationToken);

    /// <summary>
    /// A new pending authenticator; earlier pending ones of the user are replaced. With <paramref name="withRecoveryCode"/>
    /// and no recovery code yet, a pending recovery code is created too and its value returned (shown once).
    /// </summary>
    public async Task<(MfaAuthenticator Authenticator, byte[]? Secret, string? RecoveryCode)> EnrollAsync(
        string userId, string kind, string? phoneNumber, string? email, bool withRecoveryCode, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var authenticator = new MfaAuthenticator
        {
            Id = NewId(), UserId = userId, Kind = kind, Active = false, PhoneNumber = phoneNumber, Email = email, CreatedAt = now,
        };
        byte[]? secret = null;
        if (kind == AuthenticatorKinds.Totp)
        {
            secret = TotpCodes.NewSecret();
            authenticator.Secret = protector.Protect(Convert.ToBase64String(secret), Purpose(authenticator.Id));
        }

        string? recoveryCode = null;
        using var write = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // An enrolment never confirmed is replaced, recovery code included, so the code returned now is the one that will count.
        await db.MfaAuthenticators.Where(a => a.UserId == userId && !a.Active).ExecuteDeleteAsync(cancellationToken);
        if (withRecoveryCode && !await db.MfaAuthenticators.AnyAsync(a => a.UserId == userId && a.Kind == AuthenticatorKinds.RecoveryCode, cancellationToken))
        {
            recoveryCode = RecoveryCodes.New();
            db.MfaAuthenticators.Add(new MfaAuthenticator
            {
                Id = NewId(), UserId = userId, Kind = AuthenticatorKinds.RecoveryCode, Active = false, CreatedAt = now,
                RecoveryCodeHash = RecoveryCodes.Hash(userId, recoveryCode),
            });
        }

        db.MfaAuthenticators.Add(authenticator);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (authenticator, secret, recoveryCode);
    }

    /// <summary>The TOTP secret, or null when it cannot be read (another encryption key).</summary>
    public byte[]? SecretOf(MfaAuthenticator authenticator)
    {
        if (authenticator.Secret is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(protector.Unprotect(authenticator.Secret, Purpose(authenticator.Id)));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// A successful challenge: the authenticator is used now, and a pending one becomes active together with the
    /// user's pending recovery code (the enrolment is confirmed, as at Auth0).
    /// </summary>
    public async Task UsedAsync(MfaAuthenticator authenticator, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        if (!authenticator.Active)
        {
            await db.MfaAuthenticators.Where(a => a.Id == authenticator.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Active, true).SetProperty(a => a.EnrolledAt, now).SetProperty(a => a.LastAuthAt, now), cancellationToken);
            await db.MfaAuthenticators.Where(a => a.UserId == authenticator.UserId && a.Kind == AuthenticatorKinds.RecoveryCode && !a.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Active, true).SetProperty(a => a.EnrolledAt, now), cancellationToken);
            return;
        }

        await db.MfaAuthenticators.Where(a => a.Id == authenticator.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAuthAt, now), cancellationToken);
    }

    /// <summary>
    /// Replaces the recovery code if it still is <paramref name="expectedHash"/> (compare-and-swap: a code works
    /// once even when two requests race on two nodes); null when another request replaced it first.
    /// </summary>
    public async Task<string?> RotateRecoveryCodeAsync(MfaAuthenticator authenticator, string expectedHash, CancellationToken cancellationToken)
    {
        var code = RecoveryCodes.New();
        var hash = RecoveryCodes.Hash(authenticator.UserId, code);
        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        var updated = await db.MfaAuthenticators.Where(a => a.Id == authenticator.Id && a.RecoveryCodeHash == expectedHash)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.RecoveryCodeHash, hash).SetProperty(a => a.LastAuthAt, now), cancellationToken);
        return updated == 1 ? code : null;
    }

    /// <summary>A new recovery code for the user (the Management API's regeneration), active at once.</summary>
    public async Task<string> RegenerateRecoveryCodeAsync(string userId, CancellationToken cancellationToken)
    {
        var code = RecoveryCodes.New();
        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.MfaAuthenticators.Where(a => a.UserId == userId && a.Kind == AuthenticatorKinds.RecoveryCode).ExecuteDeleteAsync(cancellationToken);
        db.MfaAuthenticators.Add(new MfaAuthenticator
        {
            Id = NewId(), UserId = userId, Kind = AuthenticatorKinds.RecoveryCode, Active = true, CreatedAt = now, EnrolledAt = now,
            RecoveryCodeHash = RecoveryCodes.Hash(userId, code),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return code;
    }

    /// <summary>
    /// Removes one authenticator. The recovery code goes with the last other factor, since alone it would be a
    /// second factor the user never enrolled. False when the user has no such authenticator.
    /// </summary>
    public async Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.MfaAuthenticators.Where(a => a.UserId == userId && a.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        if (!await db.MfaAuthenticators.AnyAsync(a => a.UserId == userId && a.Kind != AuthenticatorKinds.RecoveryCode, cancellationToken))
        {
            await db.MfaAuthenticators.Where(a => a.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Removes every authenticator of the user; the number removed.</summary>
    public async Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        return await db.MfaAuthenticators.Where(a => a.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>What <c>GET /mfa/authenticators</c> shows for one authenticator (AUTH0-CONTRACT.md §4).</summary>
    public static JsonObject View(MfaAuthenticator authenticator)
    {
        var view = new JsonObject
        {
            ["id"] = AuthenticatorKinds.WireId(authenticator.Kind, authenticator.Id),
            ["authenticator_type"] = AuthenticatorKinds.TypeOf(authenticator.Kind),
            ["active"] = authenticator.Active,
        };
        if (AuthenticatorKinds.ChannelOf(authenticator.Kind) is { } channel)
        {
            view["oob_channel"] = channel;
        }

        if (DisplayName(authenticator) is { } name)
        {
            view["name"] = name;
        }

        return view;
    }

    /// <summary>A phone number masked as Auth0 shows it (<c>XXXXXXXX8730</c>), or the email address masked after its first letter.</summary>
    public static string? DisplayName(MfaAuthenticator authenticator) => authenticator.Kind switch
    {
        AuthenticatorKinds.Sms when authenticator.PhoneNumber is { Length: > 4 } phone => new string('X', phone.Length - 4) + phone[^4..],
        AuthenticatorKinds.Email when authenticator.Email is { } email && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at =>
            email[0] + new string('*', Math.Max(1, at - 1)) + email[at..],
        _ => null,
    };

    private static string NewId() => "dev_" + RandomValues.Id(16);

    private static string Purpose(string id) => SecretPurposes.TotpSecret + ":" + id;
}

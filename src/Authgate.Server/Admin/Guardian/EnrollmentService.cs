using System.Text.Json.Nodes;
using Authgate.Mfa;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Guardian;

/// <summary>
/// A user's MFA enrolments as administrators see them: <c>/users/{id}/enrollments</c>, <c>/guardian/enrollments/{id}</c>
/// (an enrolment's id is its authenticator's <c>dev_…</c> id), removing one or all of a user's authenticators, and
/// regenerating the recovery code.
/// </summary>
internal sealed class EnrollmentService(AuthDbContext db, Authenticators authenticators)
{
    public static AdminError UserNotFound() => AdminError.NotFound("The user does not exist.", "inexistent_user");

    public static AdminError EnrollmentNotFound() => AdminError.NotFound("The enrollment does not exist.", "inexistent_enrollment");

    public Task<bool> UserExistsAsync(string userId, CancellationToken cancellationToken) => db.Users.AnyAsync(u => u.UserId == userId, cancellationToken);

    /// <summary>The user's enrolments (the recovery code is not one), or null when there is no such user.</summary>
    public async Task<JsonArray?> ForUserAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await UserExistsAsync(userId, cancellationToken))
        {
            return null;
        }

        var list = await authenticators.ListAsync(userId, cancellationToken);
        return new JsonArray(list.Where(a => a.Kind != AuthenticatorKinds.RecoveryCode).Select(a => (JsonNode)UserView(a)).ToArray());
    }

    public async Task<JsonObject?> GetAsync(string enrollmentId, CancellationToken cancellationToken) =>
        await FindAsync(enrollmentId, cancellationToken) is { } authenticator ? GuardianView(authenticator) : null;

    /// <summary>Removes one enrolment; the user, or null when there is none with that id.</summary>
    public async Task<string?> DeleteAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        var authenticator = await FindAsync(enrollmentId, cancellationToken);
        return authenticator is not null && await authenticators.DeleteAsync(authenticator.UserId, authenticator.Id, cancellationToken) ? authenticator.UserId : null;
    }

    /// <summary>Removes every authenticator of the user; false when there is no such user.</summary>
    public async Task<bool> DeleteAllAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await UserExistsAsync(userId, cancellationToken))
        {
            return false;
        }

        await authenticators.DeleteAllAsync(userId, cancellationToken);
        return true;
    }

    /// <summary>A new recovery code (the old one stops working), or null when there is no such user.</summary>
    public async Task<string?> RegenerateRecoveryCodeAsync(string userId, CancellationToken cancellationToken) =>
        await UserExistsAsync(userId, cancellationToken) ? await authenticators.RegenerateRecoveryCodeAsync(userId, cancellationToken) : null;

    private async Task<MfaAuthenticator?> FindAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        // The enrolment id, or the MFA API's "totp|dev_…" form of it.
        var id = AuthenticatorKinds.ParseWireId(enrollmentId)?.Id ?? enrollmentId;
        var authenticator = await authenticators.FindAsync(id, cancellationToken);
        return authenticator?.Kind == AuthenticatorKinds.RecoveryCode ? null : authenticator;
    }

    /// <summary><c>UsersEnrollment</c>: id, status, type, name, identifier, phone_number, auth_method, enrolled_at, last_auth.</summary>
    private static JsonObject UserView(MfaAuthenticator authenticator)
    {
        var view = GuardianView(authenticator);
        var (type, method) = authenticator.Kind switch
        {
            AuthenticatorKinds.Totp => ("authenticator", "authenticator"),
            AuthenticatorKinds.Sms => ("sms", "sms"),
            _ => ("email", (string?)null),
        };
        view["type"] = type;
        if (method is not null)
        {
            view["auth_method"] = method;
        }

        return view;
    }

    /// <summary><c>GetGuardianEnrollmentResponseContent</c>: id, status, name, identifier, phone_number, enrolled_at, last_auth.</summary>
    private static JsonObject GuardianView(MfaAuthenticator authenticator)
    {
        var view = new JsonObject
        {
            ["id"] = authenticator.Id,
            ["status"] = authenticator.Active ? "confirmed" : "pending",
        };
        if (Authenticators.DisplayName(authenticator) is { } name)
        {
            view["name"] = name;
        }

        if (authenticator.Email is { } email)
        {
            view["identifier"] = email;
        }

        if (authenticator.PhoneNumber is { } phone)
        {
            view["phone_number"] = phone;
        }

        if (authenticator.EnrolledAt is { } enrolled)
        {
            view["enrolled_at"] = AdminTime.Iso(enrolled);
        }

        if (authenticator.LastAuthAt is { } last)
        {
            view["last_auth"] = AdminTime.Iso(last);
        }

        return view;
    }
}

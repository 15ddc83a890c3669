using System.Text.Json.Nodes;
using Authgate.Admin.Guardian;

namespace Authgate.Management;

/// <summary>
/// A user's MFA from the Management API: <c>/users/{id}/enrollments</c>, <c>DELETE /users/{id}/authenticators</c>
/// and <c>/users/{id}/recovery-code-regeneration</c>. Thin: <see cref="EnrollmentService"/> does the work.
/// </summary>
internal static class UserAuthenticatorsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users/{id}/enrollments", EnrollmentsAsync).Scopes("read:users");
        api.MapDelete("/users/{id}/authenticators", DeleteAllAsync).Scopes("delete:guardian_enrollments").Audited("Delete all authenticators of a user");
        api.MapPost("/users/{id}/recovery-code-regeneration", RegenerateAsync).Scopes("update:users").Audited("Generate a new recovery code");
    }

    private static async Task<IResult> EnrollmentsAsync(string id, HttpContext http, EnrollmentService enrollments) =>
        await enrollments.ForUserAsync(id, http.RequestAborted) is { } list
            ? ManagementResults.Json(list)
            : ManagementResults.Error(EnrollmentService.UserNotFound());

    private static async Task<IResult> DeleteAllAsync(string id, HttpContext http, EnrollmentService enrollments) =>
        await enrollments.DeleteAllAsync(id, http.RequestAborted)
            ? ManagementResults.NoContent()
            : ManagementResults.Error(EnrollmentService.UserNotFound());

    private static async Task<IResult> RegenerateAsync(string id, HttpContext http, EnrollmentService enrollments) =>
        await enrollments.RegenerateRecoveryCodeAsync(id, http.RequestAborted) is { } code
            ? ManagementResults.Json(new JsonObject { ["recovery_code"] = code })
            : ManagementResults.Error(EnrollmentService.UserNotFound());
}

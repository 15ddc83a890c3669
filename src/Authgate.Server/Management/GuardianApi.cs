using System.Text.Json.Nodes;
using Authgate.Admin.Guardian;

namespace Authgate.Management;

/// <summary>
/// <c>/api/v2/guardian</c>: factors, MFA policies and enrolments. Thin: <see cref="GuardianFactorService"/>,
/// <see cref="GuardianPolicyService"/> and <see cref="EnrollmentService"/> validate and write.
/// </summary>
internal static class GuardianApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/guardian/factors", FactorsAsync).Scopes("read:guardian_factors");
        api.MapPut("/guardian/factors/{name}", SetFactorAsync).Scopes("update:guardian_factors").Audited("Update a Guardian factor");
        api.MapGet("/guardian/policies", PoliciesAsync).Scopes("read:mfa_policies");
        api.MapPut("/guardian/policies", SetPoliciesAsync).Scopes("update:mfa_policies").Audited("Set the MFA policies");
        api.MapGet("/guardian/enrollments/{id}", EnrollmentAsync).Scopes("read:guardian_enrollments");
        api.MapDelete("/guardian/enrollments/{id}", DeleteEnrollmentAsync).Scopes("delete:guardian_enrollments").Audited("Delete a Guardian enrollment");
    }

    private static async Task<IResult> FactorsAsync(HttpContext http, GuardianFactorService factors) =>
        ManagementResults.Json(await factors.ListAsync(http.RequestAborted));

    private static async Task<IResult> SetFactorAsync(string name, HttpContext http, GuardianFactorService factors)
    {
        var (body, error) = await ManagementBody.ReadAsync<GuardianBodies.Factor>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return ManagementResults.From(await factors.SetAsync(name, body, http.RequestAborted));
    }

    private static async Task<IResult> PoliciesAsync(HttpContext http, GuardianPolicyService policies) =>
        ManagementResults.Json(await policies.GetAsync(http.RequestAborted));

    private static async Task<IResult> SetPoliciesAsync(HttpContext http, GuardianPolicyService policies)
    {
        var (body, error) = await ManagementBody.ReadAsync<JsonNode>(http);
        if (error is not null)
        {
            return ManagementResults.Error(error);
        }

        return (await policies.SetAsync(body, http.RequestAborted)).TryGet(out var set, out var refused)
            ? ManagementResults.Json(set)
            : ManagementResults.Error(refused);
    }

    private static async Task<IResult> EnrollmentAsync(string id, HttpContext http, EnrollmentService enrollments) =>
        await enrollments.GetAsync(id, http.RequestAborted) is { } enrollment
            ? ManagementResults.Json(enrollment)
            : ManagementResults.Error(EnrollmentService.EnrollmentNotFound());

    private static async Task<IResult> DeleteEnrollmentAsync(string id, HttpContext http, EnrollmentService enrollments) =>
        await enrollments.DeleteAsync(id, http.RequestAborted) is not null
            ? ManagementResults.NoContent()
            : ManagementResults.Error(EnrollmentService.EnrollmentNotFound());
}

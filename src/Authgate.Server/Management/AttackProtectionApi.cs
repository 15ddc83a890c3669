using Authgate.Admin.AttackProtection;

namespace Authgate.Management;

/// <summary><c>/api/v2/attack-protection/*</c>: brute-force protection, suspicious IP throttling, breached password detection.</summary>
internal static class AttackProtectionApi
{
    public static void Map(RouteGroupBuilder api)
    {
        Map(api, "brute-force-protection", AttackProtectionKind.BruteForce, "Update brute force protection settings");
        Map(api, "suspicious-ip-throttling", AttackProtectionKind.SuspiciousIp, "Update suspicious IP throttling settings");
        Map(api, "breached-password-detection", AttackProtectionKind.BreachedPassword, "Update breached password detection settings");
    }

    private static void Map(RouteGroupBuilder api, string path, AttackProtectionKind kind, string audit)
    {
        api.MapGet($"/attack-protection/{path}", async (HttpContext http, AttackProtectionService service) =>
            ManagementResults.Json(await service.GetAsync(kind, http.RequestAborted))).Scopes("read:attack_protection");
        api.MapPatch($"/attack-protection/{path}", async (HttpContext http, AttackProtectionService service) =>
        {
            var (body, error) = await ManagementBody.ReadJsonAsync(http);
            return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateAsync(kind, body, http.RequestAborted));
        }).Scopes("update:attack_protection").Audited(audit);
    }
}

using Authgate.Admin.AttackProtection;

namespace Authgate.Management;

/// <summary>
/// <c>/api/v2/attack-protection/*</c>: brute-force protection, suspicious IP throttling, breached password detection;
/// bot detection and CAPTCHA answer that the tenant does not have them.
/// </summary>
internal static class AttackProtectionApi
{
    public static void Map(RouteGroupBuilder api)
    {
        Map(api, "brute-force-protection", AttackProtectionKind.BruteForce, "Update brute force protection settings");
        Map(api, "suspicious-ip-throttling", AttackProtectionKind.SuspiciousIp, "Update suspicious IP throttling settings");
        Map(api, "breached-password-detection", AttackProtectionKind.BreachedPassword, "Update breached password detection settings");
        NotAvailable(api, "bot-detection", AttackProtectionSections.Unserved["botDetection"]);
        NotAvailable(api, "captcha", AttackProtectionSections.Unserved["captcha"]);
    }

    /// <summary>A setting Authgate does not have: 403 as on an Auth0 plan without it, which the Deploy CLI skips (a 404 aborts its export).</summary>
    private static void NotAvailable(RouteGroupBuilder api, string path, string feature)
    {
        IResult Answer() => ManagementResults.Error(AttackProtectionSections.NotAvailable(feature));
        api.MapGet($"/attack-protection/{path}", Answer).Scopes("read:attack_protection");
        api.MapPatch($"/attack-protection/{path}", Answer).Scopes("update:attack_protection");
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

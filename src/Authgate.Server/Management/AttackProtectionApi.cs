using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Protection;

namespace Authgate.Management;

/// <summary><c>/api/v2/attack-protection/*</c>: brute-force protection, suspicious IP throttling, breached password detection.</summary>
internal static class AttackProtectionApi
{
    private static readonly string[] BruteForceShields = ["block", "user_notification"];
    private static readonly string[] SuspiciousIpShields = ["block", "admin_notification"];
    private static readonly string[] BreachedShields = ["block", "user_notification", "admin_notification"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/attack-protection/brute-force-protection", async (HttpContext http, AttackProtectionStore store) =>
            ManagementResults.Json((await store.GetAsync(http.RequestAborted)).BruteForce)).Scopes("read:attack_protection");
        api.MapPatch("/attack-protection/brute-force-protection", UpdateBruteForceAsync).Scopes("update:attack_protection").Audited("Update brute force protection settings");
        api.MapGet("/attack-protection/suspicious-ip-throttling", async (HttpContext http, AttackProtectionStore store) =>
            ManagementResults.Json((await store.GetAsync(http.RequestAborted)).SuspiciousIp)).Scopes("read:attack_protection");
        api.MapPatch("/attack-protection/suspicious-ip-throttling", UpdateSuspiciousIpAsync).Scopes("update:attack_protection").Audited("Update suspicious IP throttling settings");
        api.MapGet("/attack-protection/breached-password-detection", async (HttpContext http, AttackProtectionStore store) =>
            ManagementResults.Json((await store.GetAsync(http.RequestAborted)).BreachedPassword)).Scopes("read:attack_protection");
        api.MapPatch("/attack-protection/breached-password-detection", UpdateBreachedAsync).Scopes("update:attack_protection").Audited("Update breached password detection settings");
    }

    private static async Task<IResult> UpdateBruteForceAsync(HttpContext http, AttackProtectionStore store)
    {
        var current = await store.GetAsync(http.RequestAborted);
        var (merged, error) = await MergeAsync(http, current.BruteForce);
        if (merged is null)
        {
            return ManagementResults.Error(error!);
        }

        var problem = Shields(merged.Shields, BruteForceShields) ?? Allowlist(merged.Allowlist)
            ?? (merged.Mode is BruteForceSettings.PerIdentifier or BruteForceSettings.PerIdentifierAndIp ? null : "mode must be count_per_identifier_and_ip or count_per_identifier")
            ?? (merged.MaxAttempts is >= 1 and <= 100 ? null : "max_attempts must be between 1 and 100");
        if (problem is not null)
        {
            return ManagementResults.Error(ManagementError.BadBody($"Payload validation error: {problem}."));
        }

        await store.SaveAsync(current with { BruteForce = merged }, http.RequestAborted);
        return ManagementResults.Json(merged);
    }

    private static async Task<IResult> UpdateSuspiciousIpAsync(HttpContext http, AttackProtectionStore store)
    {
        var current = await store.GetAsync(http.RequestAborted);
        var (merged, error) = await MergeAsync(http, current.SuspiciousIp);
        if (merged is null)
        {
            return ManagementResults.Error(error!);
        }

        var login = merged.Stage?.PreLogin;
        var problem = Shields(merged.Shields, SuspiciousIpShields) ?? Allowlist(merged.Allowlist)
            ?? ((merged.Allowlist?.Count ?? 0) <= 100 ? null : "the allowlist holds at most 100 entries")
            ?? (login is { MaxAttempts: >= 1, Rate: >= 1 } ? null : "stage.pre-login needs max_attempts and rate of at least 1");
        if (problem is not null)
        {
            return ManagementResults.Error(ManagementError.BadBody($"Payload validation error: {problem}."));
        }

        await store.SaveAsync(current with { SuspiciousIp = merged }, http.RequestAborted);
        return ManagementResults.Json(merged);
    }

    private static async Task<IResult> UpdateBreachedAsync(HttpContext http, AttackProtectionStore store)
    {
        var current = await store.GetAsync(http.RequestAborted);
        var (merged, error) = await MergeAsync(http, current.BreachedPassword);
        if (merged is null)
        {
            return ManagementResults.Error(error!);
        }

        var problem = Shields(merged.Shields, BreachedShields)
            ?? Shields(merged.Stage?.PreUserRegistration?.Shields, BreachedShields)
            ?? Shields(merged.Stage?.PreChangePassword?.Shields, BreachedShields)
            ?? (merged.Method is "standard" or "enhanced" ? null : "method must be standard or enhanced");
        if (problem is not null)
        {
            return ManagementResults.Error(ManagementError.BadBody($"Payload validation error: {problem}."));
        }

        await store.SaveAsync(current with { BreachedPassword = merged }, http.RequestAborted);
        return ManagementResults.Json(merged);
    }

    /// <summary>The current settings with the body's top-level fields over them, validated strictly.</summary>
    private static async Task<(T? Value, ManagementError? Error)> MergeAsync<T>(HttpContext http, T current) where T : class
    {
        var (patch, error) = await ManagementBody.ReadObjectAsync(http);
        return patch is null
            ? (null, error)
            : ClientsApi.Merge<T>(JsonSerializer.SerializeToNode(current)!.AsObject(), patch);
    }

    private static string? Shields(List<string>? shields, string[] allowed) =>
        (shields ?? []).FirstOrDefault(s => !allowed.Contains(s)) is { } unknown ? $"'{unknown}' is not a shield (expected {string.Join(", ", allowed)})" : null;

    private static string? Allowlist(List<string>? entries) =>
        IpAllowlist.Parse(entries).Invalid is { } invalid ? $"allowlist entry '{invalid}' is not an IP address or CIDR range" : null;
}

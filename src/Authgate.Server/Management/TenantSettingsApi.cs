using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/tenants/settings</c>: the default directory and default audience the token endpoint uses.</summary>
internal static class TenantSettingsApi
{
    public sealed record Body
    {
        [JsonPropertyName("friendly_name")] public string? FriendlyName { get; init; }
        [JsonPropertyName("default_directory")] public string? DefaultDirectory { get; init; }
        [JsonPropertyName("default_audience")] public string? DefaultAudience { get; init; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/tenants/settings", GetAsync).Scopes("read:tenant_settings");
        api.MapPatch("/tenants/settings", UpdateAsync).Scopes("update:tenant_settings").Audited("Update tenant settings");
    }

    private static async Task<IResult> GetAsync(HttpContext http, AuthDbContext db) =>
        ManagementResults.Json(View(await db.TenantSettings.FirstAsync(http.RequestAborted)));

    private static async Task<IResult> UpdateAsync(HttpContext http, AuthDbContext db, TimeProvider time)
    {
        var (patch, error) = await ManagementBody.ReadObjectAsync(http);
        if (patch is null)
        {
            return ManagementResults.Error(error!);
        }

        Body body;
        try
        {
            body = System.Text.Json.JsonSerializer.Deserialize<Body>(patch, ManagementJson.Strict)!;
        }
        catch (System.Text.Json.JsonException e)
        {
            return ManagementResults.Error(ManagementBody.Describe(e));
        }

        var tenant = await db.TenantSettings.AsTracking().FirstAsync(http.RequestAborted);
        if (patch.ContainsKey("friendly_name"))
        {
            tenant.FriendlyName = body.FriendlyName ?? tenant.FriendlyName;
        }

        // An empty string or null clears the setting, as in Auth0's dashboard.
        if (patch.ContainsKey("default_directory"))
        {
            tenant.DefaultDirectory = string.IsNullOrEmpty(body.DefaultDirectory) ? null : body.DefaultDirectory;
        }

        if (patch.ContainsKey("default_audience"))
        {
            tenant.DefaultAudience = string.IsNullOrEmpty(body.DefaultAudience) ? null : body.DefaultAudience;
        }

        tenant.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(tenant));
    }

    private static JsonObject View(Storage.Entities.TenantSettings tenant) => new()
    {
        ["friendly_name"] = tenant.FriendlyName,
        ["default_directory"] = tenant.DefaultDirectory ?? "",
        ["default_audience"] = tenant.DefaultAudience ?? "",
        ["flags"] = new JsonObject { ["enable_client_connections"] = false },
    };
}

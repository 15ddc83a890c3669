using Authgate.Admin.Tenant;

namespace Authgate.Management;

/// <summary><c>/api/v2/tenants/settings</c>, through <see cref="TenantSettingsService"/>.</summary>
internal static class TenantSettingsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/tenants/settings", GetAsync).Scopes("read:tenant_settings");
        api.MapPatch("/tenants/settings", UpdateAsync).Scopes("update:tenant_settings").Audited("Update tenant settings");
    }

    private static async Task<IResult> GetAsync(HttpContext http, TenantSettingsService service) =>
        ManagementQuery.Read(http.Request, await service.GetAsync(http.RequestAborted));

    private static async Task<IResult> UpdateAsync(HttpContext http, TenantSettingsService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateAsync(body, http.RequestAborted));
    }
}

using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Tenant;

/// <summary>
/// The tenant's settings (one row): read them, change them field by field (<c>flags</c> merged flag by flag), and
/// build them from a tenant file. <c>default_directory: ""</c> and <c>default_audience: ""</c> clear the setting.
/// </summary>
internal sealed class TenantSettingsService(AuthDbContext db, TimeProvider time)
{
    public async Task<JsonObject> GetAsync(CancellationToken cancellationToken) =>
        TenantSettingsRecord.View(await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? New());

    /// <summary>Validates a tenant-file <c>tenant</c> section and builds the row, without saving.</summary>
    public AdminResult<TenantSettings> Prepare(JsonNode? section)
    {
        if (!AdminBody.Validate(TenantSettingsSchema.Import, section ?? new JsonObject()).TryGet(out var state, out var error))
        {
            return error;
        }

        var tenant = New();
        TenantSettingsRecord.Store(state, tenant);
        return tenant;
    }

    public async Task<AdminResult<JsonObject>> UpdateAsync(JsonNode? patch, CancellationToken cancellationToken)
    {
        if (!AdminBody.Validate(TenantSettingsSchema.Update, patch).TryGet(out var changes, out var error))
        {
            return error;
        }

        var tenant = await db.TenantSettings.AsTracking().FirstOrDefaultAsync(cancellationToken);
        if (tenant is null)
        {
            tenant = New();
            db.TenantSettings.Add(tenant);
        }

        var state = TenantSettingsRecord.State(tenant);
        if (changes.Obj("flags") is { } flags)
        {
            var merged = state.Obj("flags") ?? [];
            AdminJson.ApplyPatch(merged, flags);
            changes["flags"] = merged.DeepClone();
        }

        AdminJson.ApplyPatch(state, changes);
        TenantSettingsRecord.Store(state, tenant);
        tenant.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return TenantSettingsRecord.View(tenant);
    }

    private TenantSettings New()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new TenantSettings { FriendlyName = TenantSettingsRecord.DefaultFriendlyName, CreatedAt = now, UpdatedAt = now };
    }
}

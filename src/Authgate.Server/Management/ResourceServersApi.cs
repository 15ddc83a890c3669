using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/resource-servers</c>: APIs, addressed by id or by identifier. The Management API itself is listed as a system API.</summary>
internal static class ResourceServersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/resource-servers", ListAsync).Scopes("read:resource_servers");
        api.MapGet("/resource-servers/{id}", GetAsync).Scopes("read:resource_servers");
        api.MapPost("/resource-servers", CreateAsync).Scopes("create:resource_servers").Audited("Create a resource server");
        api.MapPatch("/resource-servers/{id}", UpdateAsync).Scopes("update:resource_servers").Audited("Update a resource server");
        api.MapDelete("/resource-servers/{id}", DeleteAsync).Scopes("delete:resource_servers").Audited("Delete a resource server");
    }

    private static ManagementError NotFound() => ManagementError.NotFound("The resource server does not exist", "inexistent_resource_server");

    /// <summary>By id or identifier (route values arrive decoded exactly once, see <see cref="RouteValueDecoding"/>).</summary>
    private static Task<ResourceServer?> FindAsync(AuthDbContext db, string id, CancellationToken cancellationToken) =>
        db.ResourceServers.FirstOrDefaultAsync(r => r.Id == id || r.Identifier == id, cancellationToken);

    private static async Task<IResult> ListAsync(HttpContext http, AuthDbContext db, TenantExport export, ApiResolver apis)
    {
        var (paging, error) = Paging.From(http.Request);
        if (paging is null)
        {
            return ManagementResults.Error(error!);
        }

        var all = new List<ResourceServer> { apis.ManagementApi() };
        all.AddRange(await db.ResourceServers.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(http.RequestAborted));
        var page = all.Skip(paging.Skip).Take(paging.PerPage).Select(r => View(export, r)).ToList();
        return ManagementResults.Page(page, all.Count, paging, "resource_servers");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, AuthDbContext db, TenantExport export, ApiResolver apis)
    {
        if (id == ApiResolver.ManagementApiId || apis.IsManagement(id))
        {
            return ManagementResults.Json(View(export, apis.ManagementApi()));
        }

        var api = await FindAsync(db, id, http.RequestAborted);
        return api is null ? ManagementResults.Error(NotFound()) : ManagementResults.Json(View(export, api));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AuthDbContext db, TenantObjects objects, TenantExport export, ApiResolver apis, TimeProvider time)
    {
        var (section, error) = await ManagementBody.ReadAsync<TenantFile.ResourceServerSection>(http);
        if (section is null)
        {
            return ManagementResults.Error(error!);
        }

        ResourceServer api;
        try
        {
            api = objects.ResourceServer(section, "resource_server", time.GetUtcNow().UtcDateTime);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }

        if (apis.IsManagement(api.Identifier) || await db.ResourceServers.AnyAsync(r => r.Identifier == api.Identifier, http.RequestAborted))
        {
            return ManagementResults.Error(ManagementError.Conflict("A resource server with the same identifier already exists", "resource_server_conflict"));
        }

        db.ResourceServers.Add(api);
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(export, api), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, AuthDbContext db, TenantObjects objects, TenantExport export, ApiResolver apis, TimeProvider time)
    {
        if (apis.IsManagement(id) || id == ApiResolver.ManagementApiId)
        {
            return ManagementResults.Error(ManagementError.BadRequest("The system API cannot be changed.", "operation_not_supported"));
        }

        var existing = await FindAsync(db, id, http.RequestAborted);
        if (existing is null)
        {
            return ManagementResults.Error(NotFound());
        }

        var (patch, error) = await ManagementBody.ReadObjectAsync(http);
        if (patch is null)
        {
            return ManagementResults.Error(error!);
        }

        if (patch["identifier"] is { } identifier && identifier.GetValueKind() == JsonValueKind.String && identifier.GetValue<string>() != existing.Identifier)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: 'identifier' cannot be changed."));
        }

        var current = JsonSerializer.SerializeToNode(export.ResourceServer(existing, includeSecret: false), ManagementJson.Output)!.AsObject();
        var (merged, mergeError) = ClientsApi.Merge<TenantFile.ResourceServerSection>(current, patch);
        if (merged is null)
        {
            return ManagementResults.Error(mergeError!);
        }

        ResourceServer updated;
        try
        {
            updated = objects.ResourceServer(merged, "resource_server", time.GetUtcNow().UtcDateTime, existing);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }

        // Copied onto the tracked row: EF cannot attach a detached owner of an owned JSON collection.
        var tracked = await db.ResourceServers.AsTracking().FirstAsync(r => r.Id == existing.Id, http.RequestAborted);
        tracked.Name = updated.Name;
        tracked.Scopes = updated.Scopes;
        tracked.SigningAlg = updated.SigningAlg;
        tracked.SigningSecretProtected = updated.SigningSecretProtected;
        tracked.TokenLifetimeSeconds = updated.TokenLifetimeSeconds;
        tracked.AllowOfflineAccess = updated.AllowOfflineAccess;
        tracked.EnforcePolicies = updated.EnforcePolicies;
        tracked.TokenDialect = updated.TokenDialect;
        tracked.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(export, tracked));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, AuthDbContext db)
    {
        var api = await FindAsync(db, id, http.RequestAborted);
        if (api is null)
        {
            return ManagementResults.Error(NotFound());
        }

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        await db.ClientGrants.Where(g => g.Audience == api.Identifier).ExecuteDeleteAsync(http.RequestAborted);
        await db.RolePermissions.Where(p => p.Audience == api.Identifier).ExecuteDeleteAsync(http.RequestAborted);
        await db.UserPermissions.Where(p => p.Audience == api.Identifier).ExecuteDeleteAsync(http.RequestAborted);
        await db.ResourceServers.Where(r => r.Id == api.Id).ExecuteDeleteAsync(http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        return ManagementResults.NoContent();
    }

    private static JsonObject View(TenantExport export, ResourceServer api)
    {
        var view = JsonSerializer.SerializeToNode(export.ResourceServer(api, includeSecret: api.SigningAlg == SigningAlgorithms.HS256 && !api.IsSystem), ManagementJson.Output)!.AsObject();
        view["id"] = api.Id;
        view["is_system"] = api.IsSystem;
        view["token_lifetime_for_web"] = Math.Min(api.TokenLifetimeSeconds, 7200);
        view["skip_consent_for_verifiable_first_party_clients"] = true;
        return view;
    }
}

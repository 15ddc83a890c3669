using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.ResourceServers;

/// <summary>
/// APIs (resource servers): validate, create, change, delete and read them, for the Management API, the CLI and
/// tenant files alike. The Management API itself is a fixed system API listed first.
/// </summary>
internal sealed class ResourceServerService(AuthDbContext db, SecretProtector protector, ApiResolver apis, Hosting.Issuer issuer, TimeProvider time)
{
    public static AdminError NotFound() => AdminError.NotFound("The resource server does not exist", "inexistent_resource_server");

    public static AdminError Exists() => AdminError.Conflict("A resource server with the same identifier already exists", "resource_server_conflict");

    /// <param name="identifiers">Auth0's <c>identifiers</c> filter: only these APIs, when given.</param>
    public async Task<AdminResult<ListPage>> ListAsync(ListQuery query, IReadOnlyCollection<string> identifiers, CancellationToken cancellationToken)
    {
        var rows = db.ResourceServers.AsNoTracking();
        if (identifiers.Count > 0)
        {
            rows = rows.Where(r => identifiers.Contains(r.Identifier));
        }

        var all = new List<JsonObject>();
        if (identifiers.Count == 0 || identifiers.Any(apis.IsManagement))
        {
            all.Add(ResourceServerRecord.View(apis.ManagementApi(), protector));
        }

        foreach (var api in await rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken))
        {
            all.Add(ResourceServerRecord.View(api, protector));
        }

        return ListReader.FromMemory(all, query, i => i.String("id") ?? "");
    }

    /// <summary>By id or by identifier (Auth0 accepts both in the path).</summary>
    public async Task<AdminResult<JsonObject>> GetAsync(string idOrIdentifier, CancellationToken cancellationToken)
    {
        if (IsSystem(idOrIdentifier))
        {
            return ResourceServerRecord.View(apis.ManagementApi(), protector);
        }

        var api = await FindAsync(idOrIdentifier, tracking: false, cancellationToken);
        return api is null ? NotFound() : ResourceServerRecord.View(api, protector);
    }

    /// <summary>Validates a <c>POST</c> body and builds the row, without saving (tenant files save many at once).</summary>
    public AdminResult<ResourceServer> Prepare(JsonNode? body)
    {
        if (!AdminBody.Validate(ResourceServerSchema.Create, body).TryGet(out var state, out var error))
        {
            return error;
        }

        var errors = Rules(state);
        if (ApiResolver.IsReservedIdentifier(state.String("identifier") ?? "", issuer.ValueIfKnown))
        {
            // An API with such an identifier would issue tokens that look like Authgate's own.
            errors.Add(FieldError.At("identifier", "The identifier is reserved for Authgate's own APIs (Management API, /userinfo)"));
        }

        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var api = new ResourceServer { Id = RandomValues.Hex(12), Identifier = "", Name = "", CreatedAt = now, UpdatedAt = now };
        ResourceServerRecord.Store(state, api, protector);
        return api;
    }

    public async Task<AdminResult<JsonObject>> CreateAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        if (!Prepare(body).TryGet(out var api, out var error))
        {
            return error;
        }

        if (await db.ResourceServers.AnyAsync(r => r.Identifier == api.Identifier, cancellationToken))
        {
            return Exists();
        }

        db.ResourceServers.Add(api);
        await db.SaveChangesAsync(cancellationToken);
        return ResourceServerRecord.View(api, protector);
    }

    public async Task<AdminResult<JsonObject>> UpdateAsync(string idOrIdentifier, JsonNode? patch, CancellationToken cancellationToken)
    {
        if (IsSystem(idOrIdentifier))
        {
            var systemErrors = SchemaValidator.Validate(ResourceServerSchema.UpdateSystem, patch);
            return systemErrors.Count > 0
                ? AdminError.Invalid(systemErrors)
                : AdminError.BadRequest("The settings of Authgate's Management API are fixed.", "operation_not_supported");
        }

        if (!AdminBody.Validate(ResourceServerSchema.Update, patch).TryGet(out var changes, out var error))
        {
            return error;
        }

        var api = await FindAsync(idOrIdentifier, tracking: true, cancellationToken);
        if (api is null)
        {
            return NotFound();
        }

        var state = ResourceServerRecord.State(api);
        AdminJson.ApplyPatch(state, changes);
        if (Rules(state) is { Count: > 0 } broken)
        {
            return AdminError.Invalid(broken);
        }

        ResourceServerRecord.Store(state, api, protector);
        api.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return ResourceServerRecord.View(api, protector);
    }

    public async Task<AdminError?> DeleteAsync(string idOrIdentifier, CancellationToken cancellationToken)
    {
        if (IsSystem(idOrIdentifier))
        {
            return AdminError.BadRequest("The Management API cannot be deleted.", "operation_not_supported");
        }

        var api = await FindAsync(idOrIdentifier, tracking: false, cancellationToken);
        if (api is null)
        {
            return NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ClientGrants.Where(g => g.Audience == api.Identifier).ExecuteDeleteAsync(cancellationToken);
        await db.RolePermissions.Where(p => p.Audience == api.Identifier).ExecuteDeleteAsync(cancellationToken);
        await db.UserPermissions.Where(p => p.Audience == api.Identifier).ExecuteDeleteAsync(cancellationToken);
        await db.ResourceServers.Where(r => r.Id == api.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Checks across fields that a schema cannot express.</summary>
    private static List<FieldError> Rules(JsonObject state)
    {
        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in (state["scopes"] as JsonArray ?? []).OfType<JsonObject>().Select(s => s.String("value")).OfType<string>())
        {
            if (!seen.Add(value))
            {
                errors.Add(FieldError.At("scopes", $"Duplicate scope value: {value}"));
            }
        }

        return errors;
    }

    private bool IsSystem(string idOrIdentifier) => idOrIdentifier == ApiResolver.ManagementApiId || apis.IsManagement(idOrIdentifier);

    private Task<ResourceServer?> FindAsync(string idOrIdentifier, bool tracking, CancellationToken cancellationToken)
    {
        var rows = tracking ? db.ResourceServers.AsTracking() : db.ResourceServers.AsNoTracking();
        return rows.FirstOrDefaultAsync(r => r.Id == idOrIdentifier || r.Identifier == idOrIdentifier, cancellationToken);
    }
}

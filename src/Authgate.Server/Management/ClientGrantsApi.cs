using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/client-grants</c>: which machine-to-machine client may get tokens for which API, with which scopes.</summary>
internal static class ClientGrantsApi
{
    public sealed record Body
    {
        [JsonPropertyName("client_id")] public string? ClientId { get; init; }
        [JsonPropertyName("audience")] public string? Audience { get; init; }
        [JsonPropertyName("scope")] public List<string>? Scope { get; init; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/client-grants", ListAsync).Scopes("read:client_grants");
        api.MapPost("/client-grants", CreateAsync).Scopes("create:client_grants").Audited("Create client grant");
        api.MapPatch("/client-grants/{id}", UpdateAsync).Scopes("update:client_grants").Audited("Update client grant");
        api.MapDelete("/client-grants/{id}", DeleteAsync).Scopes("delete:client_grants").Audited("Delete client grant");
    }

    private static ManagementError NotFound() => ManagementError.NotFound("The client grant does not exist", "inexistent_client_grant");

    private static async Task<IResult> ListAsync(HttpContext http, AuthDbContext db, ApiResolver apis)
    {
        var (paging, error) = Paging.From(http.Request);
        if (paging is null)
        {
            return ManagementResults.Error(error!);
        }

        var query = db.ClientGrants.AsQueryable();
        if (http.Request.Query["audience"].ToString() is { Length: > 0 } audience)
        {
            var stored = apis.ToStored(audience);
            query = query.Where(g => g.Audience == stored);
        }

        if (http.Request.Query["client_id"].ToString() is { Length: > 0 } clientId)
        {
            query = query.Where(g => g.ClientId == clientId);
        }

        var total = await query.CountAsync(http.RequestAborted);
        var grants = await query.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(http.RequestAborted);
        return ManagementResults.Page(grants.Select(g => View(g, apis)).ToList(), total, paging, "client_grants");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AuthDbContext db, ApiResolver apis, TimeProvider time)
    {
        var (body, error) = await ManagementBody.ReadAsync<Body>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        if (body.ClientId is null || body.Audience is null || body.Scope is null)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: 'Missing required property: " + (body.ClientId is null ? "client_id" : body.Audience is null ? "audience" : "scope") + "'."));
        }

        if (!await db.Clients.AnyAsync(c => c.ClientId == body.ClientId, http.RequestAborted))
        {
            return ManagementResults.Error(ManagementError.NotFound("The client does not exist", "inexistent_client"));
        }

        var api = await apis.FindAsync(body.Audience, http.RequestAborted);
        if (api is null)
        {
            return ManagementResults.Error(ManagementError.NotFound("No resource server found by specified identifier", "inexistent_resource_server"));
        }

        var stored = apis.ToStored(api.Identifier);
        if (await db.ClientGrants.AnyAsync(g => g.ClientId == body.ClientId && g.Audience == stored, http.RequestAborted))
        {
            return ManagementResults.Error(ManagementError.Conflict("A client grant for this client and audience already exists", "client_grant_conflict"));
        }

        ClientGrant grant;
        try
        {
            grant = TenantObjects.ClientGrant(body.ClientId, stored, body.Scope, api.Scopes.Select(s => s.Value), "scope", time.GetUtcNow().UtcDateTime);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }

        db.ClientGrants.Add(grant);
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(grant, apis), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, AuthDbContext db, ApiResolver apis, TimeProvider time)
    {
        var grant = await db.ClientGrants.AsTracking().FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted);
        if (grant is null)
        {
            return ManagementResults.Error(NotFound());
        }

        var (body, error) = await ManagementBody.ReadAsync<Body>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        if (body.ClientId is not null || body.Audience is not null)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: only 'scope' can be changed."));
        }

        if (body.Scope is { } scope)
        {
            var api = await apis.FindAsync(grant.Audience, http.RequestAborted);
            try
            {
                grant.Scope = api is null ? scope.Distinct().ToList() : TenantObjects.GrantScopes(scope, api.Scopes.Select(s => s.Value), "scope");
            }
            catch (TenantFileException e)
            {
                return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
            }

            grant.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(http.RequestAborted);
        }

        return ManagementResults.Json(View(grant, apis));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, AuthDbContext db) =>
        await db.ClientGrants.Where(g => g.Id == id).ExecuteDeleteAsync(http.RequestAborted) == 0
            ? ManagementResults.Error(NotFound())
            : ManagementResults.NoContent();

    private static JsonObject View(ClientGrant grant, ApiResolver apis) => new()
    {
        ["id"] = grant.Id,
        ["client_id"] = grant.ClientId,
        ["audience"] = apis.ToWire(grant.Audience),
        ["scope"] = new JsonArray(grant.Scope.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
    };
}

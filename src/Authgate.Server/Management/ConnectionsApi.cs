using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/connections</c>: database connections and the clients they are enabled for.</summary>
internal static class ConnectionsApi
{
    public sealed record ClientStatus
    {
        [JsonPropertyName("client_id")] public string? ClientId { get; init; }
        [JsonPropertyName("status")] public bool? Status { get; init; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/connections", ListAsync).Scopes("read:connections");
        api.MapGet("/connections/{id}", GetAsync).Scopes("read:connections");
        api.MapPost("/connections", CreateAsync).Scopes("create:connections").Audited("Create a connection");
        api.MapPatch("/connections/{id}", UpdateAsync).Scopes("update:connections").Audited("Update a connection");
        api.MapDelete("/connections/{id}", DeleteAsync).Scopes("delete:connections").Audited("Delete a connection");
        api.MapGet("/connections/{id}/clients", ListClientsAsync).Scopes("read:connections");
        api.MapPatch("/connections/{id}/clients", UpdateClientsAsync).Scopes("update:connections").Audited("Update the clients of a connection");
    }

    private static ManagementError NotFound() => ManagementError.NotFound("The connection does not exist", "inexistent_connection");

    private static async Task<IResult> ListAsync(HttpContext http, AuthDbContext db)
    {
        var (paging, error) = Paging.From(http.Request);
        if (paging is null)
        {
            return ManagementResults.Error(error!);
        }

        var query = db.Connections.AsQueryable();
        if (http.Request.Query["strategy"].ToString() is { Length: > 0 } strategy)
        {
            query = query.Where(c => c.Strategy == strategy);
        }

        if (http.Request.Query["name"].ToString() is { Length: > 0 } name)
        {
            query = query.Where(c => c.Name == name);
        }

        var total = await query.CountAsync(http.RequestAborted);
        var connections = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(http.RequestAborted);
        return ManagementResults.Page(connections.Select(View).ToList(), total, paging, "connections");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, AuthDbContext db)
    {
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        return connection is null ? ManagementResults.Error(NotFound()) : ManagementResults.Json(View(connection));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AuthDbContext db, TenantObjects objects, TimeProvider time)
    {
        var (section, error) = await ManagementBody.ReadAsync<TenantFile.ConnectionSection>(http);
        if (section is null)
        {
            return ManagementResults.Error(error!);
        }

        if (section.Strategy is null)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: 'Missing required property: strategy'."));
        }

        var clientIds = await db.Clients.Select(c => c.ClientId).ToListAsync(http.RequestAborted);
        Connection connection;
        try
        {
            connection = objects.Connection(section, "connection", id => clientIds.Contains(id) ? id : null, time.GetUtcNow().UtcDateTime);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }

        if (await db.Connections.AnyAsync(c => c.Name == connection.Name, http.RequestAborted))
        {
            return ManagementResults.Error(ManagementError.Conflict("A connection with the same name already exists", "connection_conflict"));
        }

        db.Connections.Add(connection);
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(connection), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, AuthDbContext db, TenantObjects objects, TimeProvider time)
    {
        var existing = await db.Connections.FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (existing is null)
        {
            return ManagementResults.Error(NotFound());
        }

        var (patch, error) = await ManagementBody.ReadObjectAsync(http);
        if (patch is null)
        {
            return ManagementResults.Error(error!);
        }

        if (patch.ContainsKey("name") || patch.ContainsKey("strategy"))
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: 'name' and 'strategy' cannot be changed."));
        }

        // Auth0 replaces the whole options object on PATCH.
        var current = JsonSerializer.SerializeToNode(TenantExport.Connection(existing), ManagementJson.Output)!.AsObject();
        var (merged, mergeError) = ClientsApi.Merge<TenantFile.ConnectionSection>(current, patch);
        if (merged is null)
        {
            return ManagementResults.Error(mergeError!);
        }

        var clientIds = await db.Clients.Select(c => c.ClientId).ToListAsync(http.RequestAborted);
        Connection updated;
        try
        {
            updated = objects.Connection(merged, "connection", c => clientIds.Contains(c) ? c : null, time.GetUtcNow().UtcDateTime, existing);
        }
        catch (TenantFileException e)
        {
            return ManagementResults.Error(ManagementError.BadBody("Payload validation error: " + e.Message));
        }

        updated.UpdatedAt = time.GetUtcNow().UtcDateTime;
        db.Connections.Update(updated);
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.Json(View(updated));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, AuthDbContext db)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var userIds = db.Users.Where(u => u.ConnectionId == id).Select(u => u.UserId);
        await db.RefreshTokens.Where(t => userIds.Contains(t.UserId)).ExecuteDeleteAsync(http.RequestAborted);
        await db.Users.Where(u => u.ConnectionId == id).ExecuteDeleteAsync(http.RequestAborted);
        var deleted = await db.Connections.Where(c => c.Id == id).ExecuteDeleteAsync(http.RequestAborted);
        if (deleted == 0)
        {
            return ManagementResults.Error(NotFound());
        }

        await transaction.CommitAsync(http.RequestAborted);
        return ManagementResults.NoContent();
    }

    private static async Task<IResult> ListClientsAsync(string id, HttpContext http, AuthDbContext db)
    {
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        return connection is null
            ? ManagementResults.Error(NotFound())
            : ManagementResults.Json(new JsonObject { ["clients"] = new JsonArray(connection.EnabledClients.Select(c => (JsonNode)new JsonObject { ["client_id"] = c }).ToArray()) });
    }

    private static async Task<IResult> UpdateClientsAsync(string id, HttpContext http, AuthDbContext db, TimeProvider time)
    {
        var connection = await db.Connections.AsTracking().FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (connection is null)
        {
            return ManagementResults.Error(NotFound());
        }

        var (changes, error) = await ManagementBody.ReadAsync<List<ClientStatus>>(http);
        if (changes is null)
        {
            return ManagementResults.Error(error!);
        }

        var known = await db.Clients.Select(c => c.ClientId).ToListAsync(http.RequestAborted);
        foreach (var change in changes)
        {
            if (change.ClientId is null || change.Status is null)
            {
                return ManagementResults.Error(ManagementError.BadBody("Payload validation error: each item needs client_id and status."));
            }

            if (!known.Contains(change.ClientId))
            {
                return ManagementResults.Error(ManagementError.NotFound("The client does not exist", "inexistent_client"));
            }
        }

        foreach (var change in changes)
        {
            connection.EnabledClients.Remove(change.ClientId!);
            if (change.Status == true)
            {
                connection.EnabledClients.Add(change.ClientId!);
            }
        }

        connection.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(http.RequestAborted);
        return ManagementResults.NoContent();
    }

    private static JsonObject View(Connection connection)
    {
        var view = JsonSerializer.SerializeToNode(TenantExport.Connection(connection), ManagementJson.Output)!.AsObject();
        view["id"] = connection.Id;
        view["realms"] = new JsonArray(JsonValue.Create(connection.Name));
        view["is_domain_connection"] = false;
        return view;
    }
}

using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Connections;

/// <summary>
/// Connections: validate (the strategy checks its own options), create, change, delete and read them, and the
/// clients they are enabled for; for the Management API, the CLI and tenant files alike.
/// </summary>
internal sealed class ConnectionService(AuthDbContext db, ConnectionStrategies strategies, TimeProvider time)
{
    public static AdminError NotFound() => AdminError.NotFound("The connection does not exist", "inexistent_connection");

    public static AdminError Exists() => AdminError.Conflict("A connection with the same name already exists", "connection_conflict");

    /// <param name="strategyFilter">Only these strategies, when given.</param>
    /// <param name="name">Only the connection of this name, when given.</param>
    public async Task<AdminResult<ListPage>> ListAsync(ListQuery query, IReadOnlyCollection<string> strategyFilter, string? name, CancellationToken cancellationToken)
    {
        var rows = db.Connections.AsNoTracking();
        if (strategyFilter.Count > 0)
        {
            rows = rows.Where(c => strategyFilter.Contains(c.Strategy));
        }

        if (name is not null)
        {
            rows = rows.Where(c => c.Name == name);
        }

        return await ListReader.ReadAsync(rows, query, q => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id), c => c.Id,
            page => Task.FromResult(page.Select(View).ToList()), cancellationToken);
    }

    public async Task<AdminResult<JsonObject>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return connection is null ? NotFound() : View(connection);
    }

    public static JsonObject View(Connection connection) => ConnectionRecord.View(connection);

    /// <summary>Validates a <c>POST</c> body and builds the row, without saving.</summary>
    /// <param name="resolveClient">Finds a client id by id (or, in tenant files, by name); null when there is none.</param>
    public AdminResult<Connection> Prepare(JsonNode? body, Func<string, string?> resolveClient, bool import = false)
    {
        if (!AdminBody.Validate(import ? ConnectionSchema.Import : ConnectionSchema.Create, body).TryGet(out var state, out var error))
        {
            return error;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var connection = new Connection { Id = "con_" + RandomValues.Hex(8), Name = "", CreatedAt = now, UpdatedAt = now };
        return Apply(state, resolveClient, connection, optionsChanged: true) is { } applyError ? applyError : connection;
    }

    public async Task<AdminResult<JsonObject>> CreateAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        var clientIds = await db.Clients.Select(c => c.ClientId).ToListAsync(cancellationToken);
        if (!Prepare(body, id => clientIds.Contains(id) ? id : null).TryGet(out var connection, out var error))
        {
            return error;
        }

        if (await db.Connections.AnyAsync(c => c.Name == connection.Name, cancellationToken))
        {
            return Exists();
        }

        if (await RealmTakenAsync(connection, cancellationToken) is { } taken)
        {
            return taken;
        }

        db.Connections.Add(connection);
        await db.SaveChangesAsync(cancellationToken);
        return View(connection);
    }

    public async Task<AdminResult<JsonObject>> UpdateAsync(string id, JsonNode? patch, CancellationToken cancellationToken)
    {
        if (!AdminBody.Validate(ConnectionSchema.Update, patch).TryGet(out var changes, out var error))
        {
            return error;
        }

        var connection = await db.Connections.AsTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null)
        {
            return NotFound();
        }

        var state = ConnectionRecord.State(connection);
        AdminJson.ApplyPatch(state, changes);
        var clientIds = await db.Clients.Select(c => c.ClientId).ToListAsync(cancellationToken);
        if (Apply(state, c => clientIds.Contains(c) ? c : null, connection, optionsChanged: changes.ContainsKey("options")) is { } applyError)
        {
            return applyError;
        }

        if (await RealmTakenAsync(connection, cancellationToken) is { } taken)
        {
            return taken;
        }

        connection.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return View(connection);
    }

    /// <summary>Deletes the connection with its users and their refresh tokens.</summary>
    public async Task<AdminError?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var userIds = db.Users.Where(u => u.ConnectionId == id).Select(u => u.UserId);
        await db.RefreshTokens.Where(t => userIds.Contains(t.UserId)).ExecuteDeleteAsync(cancellationToken);
        await db.Users.Where(u => u.ConnectionId == id).ExecuteDeleteAsync(cancellationToken);
        if (await db.Connections.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary><c>GET /connections/{id}/clients</c>: <c>{clients: [{client_id}], next}</c>, paged by checkpoint.</summary>
    public async Task<AdminResult<JsonObject>> ListClientsAsync(string id, ListQuery query, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null)
        {
            return NotFound();
        }

        var all = connection.EnabledClients.Select(c => new JsonObject { ["client_id"] = c }).ToList();
        var page = ListReader.FromMemory(all, query with { Take = query.Take ?? ListQuery.DefaultPerPage }, c => c.String("client_id") ?? "");
        return page.ToJson("clients").AsObject();
    }

    /// <summary><c>PATCH /connections/{id}/clients</c>: enables (<c>status: true</c>) or disables each listed client.</summary>
    public async Task<AdminError?> UpdateClientsAsync(string id, JsonNode? body, CancellationToken cancellationToken)
    {
        var errors = SchemaValidator.Validate(ConnectionSchema.ClientChanges, body);
        if (errors.Count > 0 || body is not JsonArray changes)
        {
            return AdminError.Invalid(errors);
        }

        var connection = await db.Connections.AsTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null)
        {
            return NotFound();
        }

        var items = changes.OfType<JsonObject>().Select(c => (Id: c.String("client_id") ?? "", Enable: c.Bool("status") ?? false)).ToList();
        var ids = items.Select(i => i.Id).ToList();
        var known = await db.Clients.Where(c => ids.Contains(c.ClientId)).Select(c => c.ClientId).ToListAsync(cancellationToken);
        if (ids.FirstOrDefault(i => !known.Contains(i)) is not null)
        {
            return Clients.ClientService.NotFound();
        }

        var enabled = connection.EnabledClients.ToList();
        foreach (var (clientId, enable) in items)
        {
            enabled.Remove(clientId);
            if (enable)
            {
                enabled.Add(clientId);
            }
        }

        connection.EnabledClients = enabled;
        connection.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Checks new options against the strategy (options a PATCH leaves alone stay as stored), resolves the enabled
    /// clients and writes the row.
    /// </summary>
    private AdminError? Apply(JsonObject state, Func<string, string?> resolveClient, Connection connection, bool optionsChanged)
    {
        var strategy = strategies.Find(state.String("strategy") ?? connection.Strategy);
        var options = optionsChanged ? state.Obj("options") ?? [] : AdminJson.Object(connection.OptionsJson);
        var errors = new List<FieldError>();
        if (optionsChanged)
        {
            errors.AddRange(SchemaValidator.Validate(strategy.Options, options).Select(e => e.Under("options")));
            errors.AddRange(strategy.Check(options, connection.SecretProtected is not null).Select(e => e.Under("options")));
        }

        var enabled = new List<string>();
        foreach (var entry in state.Strings("enabled_clients") ?? [])
        {
            if (resolveClient(entry) is { } clientId)
            {
                enabled.Add(clientId);
            }
            else
            {
                errors.Add(FieldError.At("enabled_clients", $"The client does not exist: {entry}"));
            }
        }

        if (errors.Count > 0)
        {
            return AdminError.Invalid(errors);
        }

        state["enabled_clients"] = AdminJson.Array(enabled);
        if (optionsChanged)
        {
            (options, connection.SecretProtected) = strategy.Store(options, connection.SecretProtected);
        }

        ConnectionRecord.Store(state, options, connection);
        return null;
    }

    /// <summary>A realm names one connection only, or a password-realm login could not tell which is meant.</summary>
    private async Task<AdminError?> RealmTakenAsync(Connection connection, CancellationToken cancellationToken)
    {
        var others = await db.Connections.AsNoTracking().Where(c => c.Id != connection.Id).ToListAsync(cancellationToken);
        var taken = connection.Realms.FirstOrDefault(r => others.Any(o => o.Name == r || ConnectionRecord.Realms(o).Contains(r)));
        return taken is null ? null : AdminError.Conflict($"The realm {taken} is already used by another connection", "connection_conflict");
    }
}

using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.ClientGrants;

/// <summary>
/// Client grants: which client (or every third-party client) may get tokens for which API, with which scopes. The one
/// place grants are validated and made, for the Management API, the CLI, tenant files and the bootstrap client.
/// </summary>
internal sealed class ClientGrantService(AuthDbContext db, ApiResolver apis, TimeProvider time)
{
    public static AdminError NotFound() => AdminError.NotFound("The client grant does not exist", "inexistent_client_grant");

    public static AdminError Exists() => AdminError.Conflict("A client grant for this client and audience already exists", "client_grant_conflict");

    public static AdminError NoApi() => AdminError.NotFound("No resource server found by specified identifier", "inexistent_resource_server");

    /// <summary>Auth0's message when a grant names a scope its API does not define.</summary>
    public static FieldError ScopeNotSubset() => FieldError.Rule("scope must be a subset of resource server scopes");

    public sealed record Filter(string? Audience, string? ClientId, string? SubjectType, string? DefaultFor, bool? AllowAnyOrganization)
    {
        public static readonly Filter None = new(null, null, null, null, null);
    }

    public async Task<AdminResult<ListPage>> ListAsync(ListQuery query, Filter filter, CancellationToken cancellationToken)
    {
        var rows = db.ClientGrants.AsNoTracking();
        if (filter.Audience is { } audience)
        {
            var stored = apis.ToStored(audience);
            rows = rows.Where(g => g.Audience == stored);
        }

        if (filter.ClientId is { } clientId)
        {
            rows = rows.Where(g => g.ClientId == clientId);
        }

        if (filter.SubjectType is { } subjectType)
        {
            rows = rows.Where(g => g.SubjectType == subjectType);
        }

        if (filter.DefaultFor is { } defaultFor)
        {
            rows = rows.Where(g => g.DefaultFor == defaultFor);
        }

        var page = await ListReader.ReadAsync(rows, query, q => q.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id), g => g.Id,
            grants => Task.FromResult(grants.Select(View).ToList()), cancellationToken);
        if (filter.AllowAnyOrganization is { } any && page.TryGet(out var list, out _))
        {
            // Stored in the grant's document: filtered after reading.
            return list with { Items = list.Items.Where(g => (g.Bool("allow_any_organization") ?? false) == any).ToList() };
        }

        return page;
    }

    public async Task<AdminResult<JsonObject>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var grant = await db.ClientGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        return grant is null ? NotFound() : View(grant);
    }

    public JsonObject View(ClientGrant grant) => ClientGrantRecord.View(grant, apis.ToWire(grant.Audience));

    /// <summary>Validates a grant and builds the row, without saving, against the APIs and clients given.</summary>
    /// <param name="findApi">The API of an audience (the Management API included), or null.</param>
    /// <param name="clientExists">Whether a client id names a client.</param>
    public AdminResult<ClientGrant> Prepare(JsonNode? body, Func<string, ResourceServer?> findApi, Func<string, bool> clientExists)
    {
        if (!AdminBody.Validate(ClientGrantSchema.Create, body).TryGet(out var state, out var error))
        {
            return error;
        }

        if (state.String("client_id") is not { } clientId)
        {
            if (state.String("default_for") is null)
            {
                return AdminError.Invalid(FieldError.Missing("client_id"));
            }
        }
        else if (!clientExists(clientId))
        {
            return Clients.ClientService.NotFound();
        }

        if (findApi(state.String("audience") ?? "") is not { } api)
        {
            return NoApi();
        }

        if (!IsSubset(state, api))
        {
            return AdminError.Invalid(ScopeNotSubset());
        }

        var now = time.GetUtcNow().UtcDateTime;
        var grant = new ClientGrant { Id = "cgr_" + RandomValues.Hex(8), Audience = "", CreatedAt = now, UpdatedAt = now };
        ClientGrantRecord.Store(state, api.IsSystem ? ApiResolver.ManagementStoredAudience : api.Identifier, grant);
        return grant;
    }

    public async Task<AdminResult<JsonObject>> CreateAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        var audience = (body as JsonObject)?.String("audience");
        var api = audience is null ? null : await apis.FindAsync(audience, cancellationToken);
        var clientId = (body as JsonObject)?.String("client_id");
        var clientExists = clientId is not null && await db.Clients.AnyAsync(c => c.ClientId == clientId, cancellationToken);
        if (!Prepare(body, _ => api, _ => clientExists).TryGet(out var grant, out var error))
        {
            return error;
        }

        if (await db.ClientGrants.AnyAsync(g => g.ClientId == grant.ClientId && g.Audience == grant.Audience && g.SubjectType == grant.SubjectType
                && g.DefaultFor == grant.DefaultFor, cancellationToken))
        {
            return Exists();
        }

        db.ClientGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        return View(grant);
    }

    public async Task<AdminResult<JsonObject>> UpdateAsync(string id, JsonNode? patch, CancellationToken cancellationToken)
    {
        if (!AdminBody.Validate(ClientGrantSchema.Update, patch).TryGet(out var changes, out var error))
        {
            return error;
        }

        var grant = await db.ClientGrants.AsTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (grant is null)
        {
            return NotFound();
        }

        var state = ClientGrantRecord.State(grant);
        AdminJson.ApplyPatch(state, changes);
        if (await apis.FindStoredAsync(grant.Audience, cancellationToken) is { } api && !IsSubset(state, api))
        {
            return AdminError.Invalid(ScopeNotSubset());
        }

        ClientGrantRecord.Store(state, grant.Audience, grant);
        grant.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return View(grant);
    }

    public async Task<AdminError?> DeleteAsync(string id, CancellationToken cancellationToken) =>
        await db.ClientGrants.Where(g => g.Id == id).ExecuteDeleteAsync(cancellationToken) == 0 ? NotFound() : null;

    private static bool IsSubset(JsonObject state, ResourceServer api)
    {
        var defined = api.Scopes.Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        return (state.Strings("scope") ?? []).All(defined.Contains);
    }
}

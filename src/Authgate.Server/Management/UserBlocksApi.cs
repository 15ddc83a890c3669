using System.Text.Json.Nodes;
using Authgate.Connections;
using Authgate.Logs;
using Authgate.Protection;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary>
/// <c>/api/v2/user-blocks</c>: brute-force blocks by identifier (email, username) or by user id, listed and lifted
/// with the same rule enforcement uses. Lifting logs <c>ublkdu</c>.
/// </summary>
internal static class UserBlocksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user-blocks", ByIdentifierAsync).Scopes("read:users");
        api.MapDelete("/user-blocks", UnblockIdentifierAsync).Scopes("update:users").Audited("Unblock a user by identifier");
        api.MapGet("/user-blocks/{id}", ByUserAsync).Scopes("read:users");
        api.MapDelete("/user-blocks/{id}", UnblockUserAsync).Scopes("update:users").Audited("Unblock a user");
    }

    private static string? Identifier(HttpContext http) =>
        http.Request.Query["identifier"].ToString() is { Length: > 0 and <= 512 } identifier ? LoginNames.Normalize(identifier) : null;

    private static async Task<IResult> ByIdentifierAsync(HttpContext http, UserBlocks blocks, AuthDbContext db)
    {
        if (Identifier(http) is not { } identifier)
        {
            return ManagementResults.Error(ManagementError.BadQuery("Query validation error: 'Missing required property: identifier'."));
        }

        return ManagementResults.Json(await ViewAsync(db, await blocks.ForIdentifiersAsync(await WithAccountsAsync(db, identifier, http.RequestAborted), null, http.RequestAborted), http.RequestAborted));
    }

    private static async Task<IResult> UnblockIdentifierAsync(HttpContext http, UserBlocks blocks, AuthDbContext db, LogEvents logs)
    {
        if (Identifier(http) is not { } identifier)
        {
            return ManagementResults.Error(ManagementError.BadQuery("Query validation error: 'Missing required property: identifier'."));
        }

        if (await blocks.LiftAsync(await WithAccountsAsync(db, identifier, http.RequestAborted), null, http.RequestAborted) > 0)
        {
            Released(logs, http, identifier, null);
        }

        return ManagementResults.NoContent();
    }

    private static async Task<IResult> ByUserAsync(string id, HttpContext http, UserBlocks blocks, AuthDbContext db)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserId == id, http.RequestAborted);
        if (user is null)
        {
            return ManagementResults.Error(ManagementError.NotFound("The user does not exist.", "inexistent_user"));
        }

        var found = await blocks.ForIdentifiersAsync(Identifiers(user), user.ConnectionId, http.RequestAborted);
        return ManagementResults.Json(await ViewAsync(db, found, http.RequestAborted));
    }

    private static async Task<IResult> UnblockUserAsync(string id, HttpContext http, UserBlocks blocks, AuthDbContext db, LogEvents logs)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserId == id, http.RequestAborted);
        if (user is null)
        {
            return ManagementResults.Error(ManagementError.NotFound("The user does not exist.", "inexistent_user"));
        }

        if (await blocks.LiftAsync(Identifiers(user), user.ConnectionId, http.RequestAborted) > 0)
        {
            Released(logs, http, user.Email ?? user.Username ?? user.UserId, user.UserId);
        }

        return ManagementResults.NoContent();
    }

    /// <summary>Counts are kept per account (its user id); rows from before that are keyed by email or username.</summary>
    private static List<string> Identifiers(Storage.Entities.User user) =>
        new[] { user.UserId, user.NormalizedEmail, user.NormalizedUsername }.OfType<string>().ToList();

    /// <summary>A typed identifier, plus the accounts (of any connection) that carry it as email or username.</summary>
    private static async Task<List<string>> WithAccountsAsync(AuthDbContext db, string identifier, CancellationToken cancellationToken)
    {
        var accounts = await db.Users.Where(u => u.NormalizedEmail == identifier || u.NormalizedUsername == identifier)
            .Select(u => u.UserId).ToListAsync(cancellationToken);
        return [identifier, .. accounts];
    }

    private static async Task<JsonObject> ViewAsync(AuthDbContext db, List<UserBlocks.Block> blocks, CancellationToken cancellationToken)
    {
        var names = await db.Connections.ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var ids = blocks.Select(b => b.Identifier).ToList();
        // Account rows hold a user id; Auth0 shows the name the user logs in with.
        var shown = await db.Users.Where(u => ids.Contains(u.UserId))
            .ToDictionaryAsync(u => u.UserId, u => u.Email ?? u.Username ?? u.UserId, cancellationToken);
        return new JsonObject
        {
            ["blocked_for"] = new JsonArray(blocks.Select(b => (JsonNode)new JsonObject
            {
                ["identifier"] = shown.GetValueOrDefault(b.Identifier, b.Identifier),
                ["ip"] = b.Ip,
                ["connection"] = names.GetValueOrDefault(b.ConnectionId),
            }).ToArray()),
        };
    }

    private static void Released(LogEvents logs, HttpContext http, string identifier, string? userId)
    {
        var entry = logs.New(LogEventTypes.BlockReleased, "User block released by an administrator.");
        entry.UserName = identifier;
        entry.UserId = userId;
        entry.ClientId = ManagementCaller.Of(http).ClientId;
        entry.Ip = http.Connection.RemoteIpAddress?.ToString();
        logs.Add(entry);
    }
}

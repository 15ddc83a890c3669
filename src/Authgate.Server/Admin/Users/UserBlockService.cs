using System.Text.Json.Nodes;
using Authgate.Connections;
using Authgate.Logs;
using Authgate.Protection;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Users;

/// <summary>
/// Brute-force blocks by identifier (email, username) or by user id, listed and lifted with the same rule
/// enforcement uses, for the Management API's <c>/user-blocks</c> and the dashboard. Lifting logs <c>ublkdu</c>.
/// </summary>
internal sealed class UserBlockService(UserBlocks blocks, AuthDbContext db, LogEvents logs)
{
    public static AdminError UserNotFound() => AdminError.NotFound("The user does not exist.", "inexistent_user");

    /// <summary>A typed identifier from a query string, normalised; null when missing or too long.</summary>
    public static string? Identifier(string? typed) => typed is { Length: > 0 and <= 512 } identifier ? LoginNames.Normalize(identifier) : null;

    public async Task<JsonObject> ForIdentifierAsync(string identifier, CancellationToken cancellationToken) =>
        await ViewAsync(await blocks.ForIdentifiersAsync(await WithAccountsAsync(identifier, cancellationToken), null, cancellationToken), cancellationToken);

    /// <param name="clientId">The Management API client that lifted the block (null from the dashboard).</param>
    public async Task LiftForIdentifierAsync(string identifier, string? clientId, string? ip, CancellationToken cancellationToken)
    {
        if (await blocks.LiftAsync(await WithAccountsAsync(identifier, cancellationToken), null, cancellationToken) > 0)
        {
            Released(identifier, null, clientId, ip);
        }
    }

    public async Task<AdminResult<JsonObject>> ForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserId == userId, cancellationToken);
        if (user is null)
        {
            return UserNotFound();
        }

        return await ViewAsync(await blocks.ForIdentifiersAsync(Identifiers(user), user.ConnectionId, cancellationToken), cancellationToken);
    }

    /// <param name="clientId">The Management API client that lifted the block (null from the dashboard).</param>
    public async Task<AdminError?> LiftForUserAsync(string userId, string? clientId, string? ip, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserId == userId, cancellationToken);
        if (user is null)
        {
            return UserNotFound();
        }

        if (await blocks.LiftAsync(Identifiers(user), user.ConnectionId, cancellationToken) > 0)
        {
            Released(user.Email ?? user.Username ?? user.UserId, user.UserId, clientId, ip);
        }

        return null;
    }

    /// <summary>Counts are kept per account (its user id); rows from before that are keyed by email or username.</summary>
    private static List<string> Identifiers(Storage.Entities.User user) =>
        new[] { user.UserId, user.NormalizedEmail, user.NormalizedUsername }.OfType<string>().ToList();

    /// <summary>A typed identifier, plus the accounts (of any connection) that carry it as email or username.</summary>
    private async Task<List<string>> WithAccountsAsync(string identifier, CancellationToken cancellationToken)
    {
        var accounts = await db.Users.Where(u => u.NormalizedEmail == identifier || u.NormalizedUsername == identifier)
            .Select(u => u.UserId).ToListAsync(cancellationToken);
        return [identifier, .. accounts];
    }

    private async Task<JsonObject> ViewAsync(List<UserBlocks.Block> found, CancellationToken cancellationToken)
    {
        var names = await db.Connections.ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var ids = found.Select(b => b.Identifier).ToList();
        // Account rows hold a user id; Auth0 shows the name the user logs in with.
        var shown = await db.Users.Where(u => ids.Contains(u.UserId))
            .ToDictionaryAsync(u => u.UserId, u => u.Email ?? u.Username ?? u.UserId, cancellationToken);
        return new JsonObject
        {
            ["blocked_for"] = new JsonArray(found.Select(b => (JsonNode)new JsonObject
            {
                ["identifier"] = shown.GetValueOrDefault(b.Identifier, b.Identifier),
                ["ip"] = b.Ip,
                ["connection"] = names.GetValueOrDefault(b.ConnectionId),
            }).ToArray()),
        };
    }

    private void Released(string identifier, string? userId, string? clientId, string? ip)
    {
        var entry = logs.New(LogEventTypes.BlockReleased, "User block released by an administrator.");
        entry.UserName = identifier;
        entry.UserId = userId;
        entry.ClientId = clientId;
        entry.Ip = ip;
        logs.Add(entry);
    }
}

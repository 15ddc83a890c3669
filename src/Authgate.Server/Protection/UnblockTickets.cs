using Authgate.Security;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Authgate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Protection;

/// <summary>One-time unblock links: a random ticket whose SHA-256 is stored with the blocked identifier; using it deletes it.</summary>
internal sealed class UnblockTickets(RequestStorage storage, TimeProvider time, IOptions<ProtectionOptions> options)
{
    public async Task<string> IssueAsync(string connectionId, string identifier, CancellationToken cancellationToken)
    {
        var ticket = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expires = (time.GetUtcNow() + options.Value.UnblockLinkLifetime).ToUnixTimeMilliseconds();
        await storage.Context.Database.ExecuteSqlAsync(
            $"INSERT INTO unblock_tokens (token_hash, connection_id, identifier, expires_at) VALUES ({LookupHash.Of(ticket)}, {connectionId}, {identifier}, {expires})",
            cancellationToken);
        return ticket;
    }

    /// <summary>The blocked (connection, identifier) the ticket was for, consumed; null when unknown, used or expired.</summary>
    public async Task<(string ConnectionId, string Identifier)?> RedeemAsync(string ticket, CancellationToken cancellationToken)
    {
        var hash = LookupHash.Of(ticket);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await storage.Context.Database.SqlQuery<Ticket>($"SELECT connection_id AS \"ConnectionId\", identifier AS \"Identifier\", expires_at AS \"ExpiresAt\" FROM unblock_tokens WHERE token_hash = {hash}")
            .FirstOrDefaultAsync(cancellationToken);
        // Deleting first makes the ticket single-use even when two requests race on it.
        var deleted = await storage.Context.Database.ExecuteSqlAsync($"DELETE FROM unblock_tokens WHERE token_hash = {hash}", cancellationToken);
        return row is null || deleted == 0 || row.ExpiresAt < now ? null : (row.ConnectionId, row.Identifier);
    }


    private sealed record Ticket(string ConnectionId, string Identifier, long ExpiresAt);
}

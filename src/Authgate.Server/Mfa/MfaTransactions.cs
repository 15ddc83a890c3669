using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Mfa;

/// <summary>
/// <c>mfa_token</c>s: opaque random values (256 bits, base64url) of which only the SHA-256 is stored, with the user,
/// the client and the encrypted decision. A token is usable until it expires (at most 10 minutes) or until an MFA
/// grant consumed it; consuming is a compare-and-swap on the row, so one grant wins on any number of nodes.
/// </summary>
internal sealed class MfaTransactions(RequestStorage storage, WriteGate writes, SecretProtector protector, TimeProvider time, IOptions<MfaOptions> options)
{
    // EF, on the context made for it: the logins that construct this (through the MFA gate) mostly never use it.
    private AuthDbContext db => storage.Context;

    /// <summary>43 characters of base64url: anything else is malformed without a lookup.</summary>
    public const int TokenLength = 43;

    public enum Problem
    {
        None,
        Malformed,
        Expired,
    }

    public sealed record Found(MfaTransaction Transaction, StoredDecision Decision);

    public async Task<string> StartAsync(StoredDecision decision, CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var row = new MfaTransaction
        {
            TokenHash = LookupHash.Of(token),
            UserId = decision.UserId,
            ClientId = decision.ClientId,
            Decision = protector.Protect(JsonSerializer.Serialize(decision), SecretPurposes.MfaDecision),
            CreatedAt = now.UtcDateTime,
            ExpiresAt = (now + TimeSpan.FromSeconds(options.Value.TransactionLifetimeSeconds)).UtcDateTime,
        };
        using (await writes.EnterAsync(cancellationToken))
        {
            // Expired transactions are removed by whoever starts a new one: a cheap indexed delete.
            var stale = (now - TimeSpan.FromHours(1)).UtcDateTime;
            await db.MfaTransactions.Where(t => t.ExpiresAt < stale).ExecuteDeleteAsync(cancellationToken);
            db.MfaTransactions.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return token;
    }

    /// <summary>
    /// The transaction of a token presented by <paramref name="clientId"/> (null: any client, for the Bearer
    /// endpoints). A token of another client, unknown, or already used is malformed, as Auth0 says for any token it
    /// cannot use; a known one past its time is expired.
    /// </summary>
    public async Task<(Found? Found, Problem Problem)> FindAsync(string? token, string? clientId, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return (null, Problem.Malformed);
        }

        var hash = LookupHash.Of(token!);
        var row = await db.MfaTransactions.FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (row is null || row.ConsumedAt is not null || (clientId is not null && row.ClientId != clientId))
        {
            return (null, Problem.Malformed);
        }

        if (row.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            return (null, Problem.Expired);
        }

        StoredDecision? decision;
        try
        {
            decision = JsonSerializer.Deserialize<StoredDecision>(protector.Unprotect(row.Decision, SecretPurposes.MfaDecision));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            // Written under another encryption key, or damaged: unusable, like an unknown token.
            decision = null;
        }

        return decision is null ? (null, Problem.Malformed) : (new Found(row, decision), Problem.None);
    }

    /// <summary>Marks the transaction used; false when another request (on any node) used it first.</summary>
    public async Task<bool> ConsumeAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        return await db.MfaTransactions.Where(t => t.TokenHash == tokenHash && t.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), cancellationToken) == 1;
    }

    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_');

}

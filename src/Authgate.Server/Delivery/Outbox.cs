using System.Security.Cryptography;
using System.Text.Json;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;

namespace Authgate.Delivery;

/// <summary>
/// Queues email and SMS in the shared database: a request writes one row (its text encrypted) and returns; the
/// <see cref="OutboxSender"/> of some node delivers it. A delivery outage therefore never blocks a request and loses
/// nothing: the row stays until a delivery succeeds.
/// </summary>
internal sealed class Outbox(RequestStorage storage, WriteGate writes, SecretProtector protector, OutboxSignal signal, TimeProvider time)
{
    public async Task<string> EnqueueAsync(string channel, OutboxPayload payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Time-ordered ids, so the oldest message goes first.
        var id = $"{now.ToUnixTimeMilliseconds():x12}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        using (await writes.EnterAsync(cancellationToken))
        {
            // EF, on the context made for it: most requests that can queue a message (a login that blocks) never do.
            var db = storage.Context;
            db.Outbox.Add(new OutboxMessage
            {
                Id = id,
                Channel = channel,
                Payload = protector.Protect(JsonSerializer.Serialize(payload), SecretPurposes.OutboxPayload),
                CreatedAt = now.UtcDateTime,
                NextAttemptAt = now.UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        signal.Raise();
        return id;
    }
}

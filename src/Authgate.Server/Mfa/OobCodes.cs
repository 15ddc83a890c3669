using Authgate.Security;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Authgate.Delivery;
using Authgate.Protection;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Mfa;

/// <summary>
/// Email and SMS challenges. Each has an <c>oob_code</c> (256 random bits, for the client; stored as its SHA-256)
/// and a six-digit binding code sent to the user through the outbox (stored as an HMAC keyed by the oob_code, so
/// the table alone does not reveal it). A code belongs to one MFA transaction, lives a few minutes and works once:
/// the successful check deletes its row, and only one request can delete it.
/// </summary>
internal sealed class OobCodes(
    AuthDbContext db,
    WriteGate writes,
    Outbox outbox,
    RateLimitCounter rateLimits,
    TimeProvider time,
    IOptions<MfaOptions> options)
{
    public const int BindingDigits = 6;

    public enum Outcome
    {
        Valid,
        Unknown,
        Expired,
        WrongBindingCode,
    }

    /// <summary>Counts a delivery to the user against the hourly limit; the decision carries the retry time.</summary>
    public Task<RateLimitDecision> CountDeliveryAsync(string userId, CancellationToken cancellationToken) =>
        rateLimits.HitAsync("mfa-delivery|" + userId, options.Value.DeliveriesPerUserPerHour, TimeSpan.FromHours(1), cancellationToken);

    /// <summary>Creates the challenge and queues the message; the <c>oob_code</c> for the client.</summary>
    public async Task<string> SendAsync(string transactionHash, MfaAuthenticator authenticator, string tenantName, bool enrolment, CancellationToken cancellationToken)
    {
        var oobCode = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var binding = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var now = time.GetUtcNow();
        using (await writes.EnterAsync(cancellationToken))
        {
            await db.MfaOobCodes.Where(c => c.ExpiresAt < now.UtcDateTime).ExecuteDeleteAsync(cancellationToken);
            db.MfaOobCodes.Add(new MfaOobCode
            {
                CodeHash = LookupHash.Of(oobCode),
                TransactionHash = transactionHash,
                AuthenticatorId = authenticator.Id,
                BindingHash = BindingHash(oobCode, binding),
                ExpiresAt = (now + TimeSpan.FromSeconds(options.Value.OobCodeLifetimeSeconds)).UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        // Auth0's default Guardian templates.
        var text = enrolment
            ? $"{binding} is your verification code for {tenantName}. Please enter this code to verify your enrollment."
            : $"{binding} is your verification code for {tenantName}.";
        if (authenticator.Kind == AuthenticatorKinds.Sms)
        {
            await outbox.EnqueueAsync(OutboxChannels.Sms, new OutboxPayload(authenticator.PhoneNumber!, null, text), cancellationToken);
        }
        else
        {
            await outbox.EnqueueAsync(OutboxChannels.Email, new OutboxPayload(authenticator.Email!, $"{tenantName} verification code", text), cancellationToken);
        }

        return oobCode;
    }

    /// <summary>The challenge of an <c>oob_code</c> within the transaction, without using it.</summary>
    public async Task<MfaOobCode?> FindAsync(string transactionHash, string? oobCode, CancellationToken cancellationToken)
    {
        if (oobCode is not { Length: 43 })
        {
            return null;
        }

        var hash = LookupHash.Of(oobCode);
        return await db.MfaOobCodes.FirstOrDefaultAsync(c => c.CodeHash == hash && c.TransactionHash == transactionHash, cancellationToken);
    }

    public Outcome Check(MfaOobCode challenge, string oobCode, string bindingCode) =>
        challenge.ExpiresAt <= time.GetUtcNow().UtcDateTime ? Outcome.Expired
        : CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(BindingHash(oobCode, bindingCode)), Encoding.ASCII.GetBytes(challenge.BindingHash)) ? Outcome.Valid
        : Outcome.WrongBindingCode;

    /// <summary>Uses the challenge; false when another request used it first.</summary>
    public async Task<bool> UseAsync(MfaOobCode challenge, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        return await db.MfaOobCodes.Where(c => c.CodeHash == challenge.CodeHash).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public static bool IsWellFormedBindingCode(string? code) => code is { Length: BindingDigits } && code.All(char.IsAsciiDigit);


    private static string BindingHash(string oobCode, string binding) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(oobCode), Encoding.UTF8.GetBytes(binding)));
}

using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Authgate.Connections.Hashes;
using Microsoft.Extensions.Options;

namespace Authgate.Connections;

/// <summary>
/// Argon2id password hashes as PHC strings (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>): the format marker,
/// parameters and per-user salt travel with the hash. Verification runs at most one hash per core at a time so
/// memory stays bounded under a flood (through <see cref="HashingLane"/>); unknown users are checked against a
/// dummy hash so they cost the same. Imported formats (<see cref="HashFormats"/>) verify on the same lane and ask
/// for a rehash.
/// </summary>
internal sealed class PasswordHashing : IDisposable
{
    public const string MeterName = "Authgate.Passwords";

    private readonly ulong opsLimit;
    private readonly nuint memLimit;
    private readonly HashingLane lane;
    private readonly string dummyHash;
    private readonly Counter<long> verifications;
    private readonly Meter meter;

    public PasswordHashing(IOptions<PasswordHashingOptions> options, HashingLane lane)
    {
        Sodium.EnsureLoaded();
        opsLimit = (ulong)options.Value.Iterations;
        memLimit = (nuint)options.Value.MemoryKiB * 1024;
        this.lane = lane;
        dummyHash = Hash(RandomNumberGenerator.GetHexString(32));
        meter = new Meter(MeterName);
        verifications = meter.CreateCounter<long>("authgate.password.verifications", description: "Password hashes verified, including dummy checks for unknown users");
    }

    /// <summary>This instance's meter (one per server), so a listener can tell servers in one process apart.</summary>
    public Meter Meter => meter;

    public unsafe string Hash(string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        var output = new byte[Sodium.StrBytes];
        try
        {
            fixed (byte* p = bytes)
            fixed (byte* o = output)
            {
                if (Sodium.crypto_pwhash_argon2id_str(o, p, (ulong)bytes.Length, opsLimit, memLimit) != 0)
                {
                    throw new InvalidOperationException("Argon2id hashing failed (out of memory?).");
                }
            }

            return Encoding.ASCII.GetString(output, 0, Array.IndexOf(output, (byte)0));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Verifies <paramref name="password"/> against <paramref name="hash"/>, or against a dummy hash when null, in
    /// <paramref name="caller"/>'s turn of the hashing lane; <see cref="PasswordVerification.Rejected"/> when the lane is full.
    /// </summary>
    public async Task<PasswordVerification> VerifyAsync(string? hash, string password, string caller)
    {
        var work = lane.TryRun(caller, () =>
        {
            verifications.Add(1);
            var stored = hash ?? dummyHash;
            var format = HashFormats.Detect(stored);
            var ok = (format == HashFormat.Argon2id ? Verify(stored, password) : ImportedHashes.Verify(format, stored, password)) && hash is not null;
            if (!ok)
            {
                return PasswordVerification.Failed;
            }

            // Imported formats are replaced by Argon2id at the first good login, as are Argon2id hashes of older cost.
            return format != HashFormat.Argon2id || NeedsRehash(stored) ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
        });
        return work is null ? PasswordVerification.Rejected : await work;
    }

    private unsafe bool Verify(string hash, string password)
    {
        if (!hash.StartsWith("$argon2id$", StringComparison.Ordinal))
        {
            return false;
        }

        var stored = new byte[Encoding.ASCII.GetByteCount(hash) + 1];
        Encoding.ASCII.GetBytes(hash, stored);
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            fixed (byte* h = stored)
            fixed (byte* p = bytes)
            {
                return Sodium.crypto_pwhash_argon2id_str_verify(h, p, (ulong)bytes.Length) == 0;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private unsafe bool NeedsRehash(string hash)
    {
        var stored = new byte[Encoding.ASCII.GetByteCount(hash) + 1];
        Encoding.ASCII.GetBytes(hash, stored);
        fixed (byte* h = stored)
        {
            return Sodium.crypto_pwhash_argon2id_str_needs_rehash(h, opsLimit, memLimit) != 0;
        }
    }

    public void Dispose() => meter.Dispose();
}

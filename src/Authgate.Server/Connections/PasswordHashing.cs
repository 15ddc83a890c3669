using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Authgate.Connections.Hashes;
using Authgate.Observability;
using Microsoft.Extensions.Options;

namespace Authgate.Connections;

/// <summary>
/// Argon2id password hashes as PHC strings (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>): the format marker,
/// parameters and per-user salt travel with the hash. Verification runs at most one hash per core at a time so
/// memory stays bounded under a flood (through <see cref="HashingLane"/>); unknown users are checked against a
/// dummy hash so they cost the same. The native library is libargon2 where installed (working memory reused per
/// hashing thread), else libsodium; both read and write the same strings. Imported formats
/// (<see cref="HashFormats"/>) verify on the same lane and ask for a rehash.
/// </summary>
internal sealed class PasswordHashing
{
    private readonly int memoryKiB;
    private readonly int iterations;
    private readonly HashingLane lane;
    private readonly IArgon2Backend backend;
    private readonly Lazy<string> dummyHash;
    private readonly AuthgateMetrics metrics;
    private readonly KeyValuePair<string, object?> backendTag;

    public PasswordHashing(IOptions<PasswordHashingOptions> options, HashingLane lane, AuthgateMetrics metrics)
        : this(options, lane, metrics, ServerBackend())
    {
    }

    /// <summary>
    /// The server's Argon2id: AVX-512 or AVX2 where the processor has them (libargon2's bytes, about 1.6 times its speed
    /// here with AVX2: Debian builds libargon2 portable), with libargon2 where installed, else libsodium, for what they
    /// do not take.
    /// </summary>
    internal static IArgon2Backend ServerBackend()
    {
        IArgon2Backend native = LibArgon2.IsAvailable ? new LibArgon2Backend() : new SodiumBackend();
        return Argon2idSimd.IsSupported ? new SimdArgon2Backend(native) : native;
    }

    internal PasswordHashing(IOptions<PasswordHashingOptions> options, HashingLane lane, AuthgateMetrics metrics, IArgon2Backend backend)
    {
        memoryKiB = options.Value.MemoryKiB;
        iterations = options.Value.Iterations;
        this.lane = lane;
        this.backend = backend;
        this.metrics = metrics;
        backendTag = new("library", backend.Name);
        // Made in the background: a slow KDF on the start-up path would delay readiness by a hash.
        dummyHash = new Lazy<string>(() => Hash(RandomNumberGenerator.GetHexString(32)), LazyThreadSafetyMode.ExecutionAndPublication);
        _ = Task.Run(() => dummyHash.Value);
    }

    /// <summary>This server's meter (one per server), so a listener can tell servers in one process apart.</summary>
    public Meter Meter => metrics.Meter;

    /// <summary>The Argon2id implementation in use (<c>avx512</c>, <c>avx2</c>, <c>libargon2</c> or <c>libsodium</c>).</summary>
    public string Backend => backend.Name;

    public string Hash(string password)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return backend.Hash(bytes, memoryKiB, iterations);
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
        using var activity = AuthgateTracing.Source.StartActivity("password hash");
        var work = lane.TryRun(caller, () =>
        {
            metrics.PasswordVerifications.Add(1);
            var started = Stopwatch.GetTimestamp();
            var stored = hash ?? dummyHash.Value;
            var format = HashFormats.Detect(stored);
            var ok = (format == HashFormat.Argon2id ? Verify(stored, password) : ImportedHashes.Verify(format, stored, password)) && hash is not null;
            metrics.HashingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, backendTag);
            if (!ok)
            {
                return PasswordVerification.Failed;
            }

            // Imported formats are replaced by Argon2id at the first good login, as are Argon2id hashes of older cost.
            return format != HashFormat.Argon2id || NeedsRehash(stored) ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
        });
        return work is null ? PasswordVerification.Rejected : await work;
    }

    private bool Verify(string hash, string password)
    {
        if (!hash.StartsWith(Argon2Phc.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return backend.Verify(hash, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private bool NeedsRehash(string hash) => Argon2Phc.NeedsRehash(hash, memoryKiB, iterations);
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using Authgate.Tokens;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// RSA-2048 pairs generated once per test run and handed out by number. Generating one costs about 0.2 s of a core
/// here; the suite starts hundreds of servers (two signing keys each on a fresh database) and registers a client key
/// in dozens of tests, which made key generation a third of the run's CPU. Every number names one pair for the whole
/// run.
/// </summary>
public static class TestKeys
{
    /// <summary>Numbers from here on are for clients' keys, apart from the ones servers sign with.</summary>
    public const int FirstClientKey = 1000;

    private static readonly ConcurrentDictionary<int, Lazy<RSAParameters>> Pairs = new();
    private static readonly ConcurrentDictionary<int, Lazy<RSA>> Shared = new();

    /// <summary>A new instance of pair <paramref name="number"/>, the caller's to dispose.</summary>
    public static RSA Rsa(int number) =>
        RSA.Create(Pairs.GetOrAdd(number, _ => new Lazy<RSAParameters>(Generate)).Value);

    /// <summary>
    /// A client's key, one instance for the run: not to be disposed, because IdentityModel caches a signer per key
    /// by its thumbprint, so a test class's next instance would meet the disposed one. <paramref name="which"/> tells
    /// apart the keys one test needs at once.
    /// </summary>
    public static RSA Client(int which = 0) =>
        Shared.GetOrAdd(FirstClientKey + which, number => new Lazy<RSA>(() => Rsa(number))).Value;

    private static RSAParameters Generate()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(includePrivateParameters: true);
    }
}

/// <summary>
/// The servers the suite starts in process take their signing pairs from <see cref="TestKeys"/>: the first key a
/// server creates is pair 0, the next pair 1, and so on, so one server never gets the same pair twice (rotation
/// tests see new keys), while servers share pairs between them (each has its own database).
/// </summary>
internal sealed class PooledRsaKeySource : RsaKeySource
{
    private int created = -1;

    public override RSA Create() => TestKeys.Rsa(Interlocked.Increment(ref created));
}

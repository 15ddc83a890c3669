using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Authgate.Connections;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Bench;

/// <summary>The machine's limits, measured in the same run as the scenarios, on all cores.</summary>
public static class Ceilings
{
    /// <summary>
    /// Argon2id verifications per second with the server's default parameters (the KDF alone, one thread per core),
    /// each thread keeping its working memory as the server's hashing threads do: through the server's own backend (the
    /// ceiling) or libargon2 alone; or through libsodium, which maps its memory on every hash (the path before
    /// libargon2). The last two for comparison.
    /// </summary>
    internal static double HashVerifyPerSecond(TimeSpan duration, string path = "server")
    {
        var defaults = new PasswordHashingOptions();
        var backend = path switch
        {
            "libsodium" => new SodiumBackend(),
            "libargon2" => new LibArgon2Backend(),
            "avx2" => new SimdArgon2Backend(new LibArgon2Backend(), wide: false),
            _ => PasswordHashing.ServerBackend(),
        };
        var password = Encoding.UTF8.GetBytes("bench password 123");
        var hash = backend.Hash(password, defaults.MemoryKiB, defaults.Iterations);
        return OnAllCores(duration, () =>
        {
            if (!backend.Verify(hash, password))
            {
                throw new InvalidOperationException("The benchmark hash did not verify.");
            }
        }, perThread: path == "libsodium" ? null : Argon2WorkingMemory.KeepForThisThread);
    }

    /// <summary>The name of the server's Argon2id backend on this machine (<c>avx512</c>, <c>avx2</c>, <c>libargon2</c>, <c>libsodium</c>).</summary>
    internal static string ServerHashBackend => PasswordHashing.ServerBackend().Name;

    /// <summary>RS256 access tokens per second: RSA-2048 and JsonWebTokenHandler, as the server signs.</summary>
    public static double Rs256SignPerSecond(TimeSpan duration)
    {
        using var signer = new Rs256TokenSigner();
        return OnAllCores(duration, () => signer.Sign("benchClient"));
    }

    /// <summary>The RS256 ceiling's token (an access token in Auth0's dialect, issued now), as the ceiling and the no-op server's <c>/sign</c> create it.</summary>
    internal sealed class Rs256TokenSigner : IDisposable
    {
        private readonly RSA rsa = RSA.Create(2048);
        private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
        private readonly SigningCredentials credentials;

        public Rs256TokenSigner() => credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "bench" }, SecurityAlgorithms.RsaSha256);

        public string Sign(string clientId)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return handler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = new Dictionary<string, object>
                {
                    ["iss"] = "http://127.0.0.1/",
                    ["sub"] = "auth0|0123456789abcdef01234567",
                    ["aud"] = "https://api.bench.test/",
                    ["iat"] = now,
                    ["exp"] = now + 86400,
                    ["scope"] = "read:bench write:bench",
                    ["gty"] = "password",
                    ["azp"] = clientId,
                },
                SigningCredentials = credentials,
            });
        }

        public void Dispose() => rsa.Dispose();
    }

    /// <summary>ES256 for comparison (Authgate signs RS256, as Auth0 does).</summary>
    public static double Es256SignPerSecond(TimeSpan duration)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var credentials = new SigningCredentials(new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256);
        var handler = new JsonWebTokenHandler();
        return OnAllCores(duration, () => handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = "x", ["aud"] = "y", ["scope"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("z")) },
            SigningCredentials = credentials,
        }));
    }

    private static double OnAllCores(TimeSpan duration, Action operation, Action? perThread = null)
    {
        operation(); // warm-up (JIT, key caches)
        var counts = new long[Environment.ProcessorCount];
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, counts.Length).Select(i => new Thread(() =>
        {
            perThread?.Invoke();
            try
            {
                while (clock.Elapsed < duration)
                {
                    operation();
                    counts[i]++;
                }
            }
            finally
            {
                Argon2WorkingMemory.ReleaseForThisThread();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }
}

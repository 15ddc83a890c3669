using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Authgate.Connections;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Bench;

/// <summary>The machine's limits, measured in the same run as the scenarios, on all cores.</summary>
public static class Ceilings
{
    /// <summary>Argon2id verifications per second with the server's default parameters (the KDF alone).</summary>
    internal static double HashVerifyPerSecond(TimeSpan duration)
    {
        using var lane = new HashingLane(Options.Create(new HashingLaneOptions()), Options.Create(new PasswordHashingOptions { MaxConcurrency = 1 }));
        using var hashing = new PasswordHashing(Options.Create(new PasswordHashingOptions()), lane);
        var hash = hashing.Hash("bench password 123");
        var method = typeof(PasswordHashing).GetMethod("Verify", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return OnAllCores(duration, () => method.Invoke(hashing, [hash, "bench password 123"]));
    }

    /// <summary>RS256 access tokens per second: RSA-2048 and JsonWebTokenHandler, as the server signs.</summary>
    public static double Rs256SignPerSecond(TimeSpan duration)
    {
        using var rsa = RSA.Create(2048);
        var credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "bench" }, SecurityAlgorithms.RsaSha256);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return OnAllCores(duration, () =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            handler.CreateToken(new SecurityTokenDescriptor
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
                    ["azp"] = "benchClient",
                },
                SigningCredentials = credentials,
            });
        });
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

    private static double OnAllCores(TimeSpan duration, Action operation)
    {
        operation(); // warm-up (JIT, key caches)
        var counts = new long[Environment.ProcessorCount];
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, counts.Length).Select(i => new Thread(() =>
        {
            while (clock.Elapsed < duration)
            {
                operation();
                counts[i]++;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }
}

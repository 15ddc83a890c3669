using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// Builds JWTs byte by byte, signed with the server's own current key or an attacker's, so a test can check one
/// validation rule at a time with everything else correct.
/// </summary>
public sealed class TokenForge
{
    private readonly RSA serverKey;
    private readonly string serverKid;

    public TokenForge(AuthgateFactory factory)
    {
        var current = factory.Services.GetRequiredService<SigningKeyRing>().CurrentKey;
        serverKid = current.Kid;
        serverKey = current.Key.Rsa ?? RSA.Create(current.Key.Parameters);
        PublicJwkJson = JsonSerializer.Serialize(new { kty = "RSA", n = current.Jwk.N, e = current.Jwk.E, kid = current.Kid });
        PublicKeyBytes = serverKey.ExportSubjectPublicKeyInfo();
    }

    public string Kid => serverKid;

    public static RSA Attacker { get; } = RSA.Create(2048);

    public string PublicJwkJson { get; }

    public byte[] PublicKeyBytes { get; }

    public static long Now(AuthgateFactory factory) => factory.Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>A header with the server's kid and RS256, for changing.</summary>
    public JsonObject Header() => new() { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = serverKid };

    /// <summary>Signs header.payload with RS256 under <paramref name="key"/> (the server's key when null).</summary>
    public string Sign(JsonObject header, JsonObject payload, RSA? key = null) => SignInput(Encode(header) + "." + Encode(payload), key);

    /// <summary>Signs an already encoded <c>header.payload</c> (for headers no JSON writer would produce).</summary>
    public string SignInput(string input, RSA? key = null)
    {
        var signature = (key ?? serverKey).SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>HS256 over header.payload with <paramref name="secret"/>, e.g. the server's public key bytes.</summary>
    public static string SignHmac(JsonObject header, JsonObject payload, byte[] secret)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    public static string Unsigned(JsonObject header, JsonObject payload) => Encode(header) + "." + Encode(payload) + ".";

    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
}

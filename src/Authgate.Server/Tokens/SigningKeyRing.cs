using System.Text.Json;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>
/// The tenant's RSA keys, loaded from the database: the current key signs, the next key is published ahead of
/// use, and previous keys stay published until revoked so tokens they signed keep validating. Holds the
/// serialized JWKS so the endpoint only copies bytes.
/// </summary>
internal sealed class SigningKeyRing(IServiceScopeFactory scopes, SigningKeyFactory factory, TimeProvider time)
{
    private volatile Snapshot snapshot = Snapshot.Empty;

    public sealed record Snapshot(SigningKeyMaterial? Current, IReadOnlyList<SigningKeyMaterial> Published, byte[] JwksJson)
    {
        public static readonly Snapshot Empty = new(null, [], "{\"keys\":[]}"u8.ToArray());
    }

    public SigningKeyMaterial Current => snapshot.Current ?? throw new InvalidOperationException("The signing key ring is not loaded.");

    public byte[] JwksJson => snapshot.JwksJson;

    public IReadOnlyList<SecurityKey> ValidationKeys => snapshot.Published.Select(k => (SecurityKey)k.Key).ToList();

    /// <summary>Creates the first current and next keys on an empty database, then loads the ring.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            if (!await db.SigningKeys.AnyAsync(k => k.RevokedAt == null, cancellationToken))
            {
                var current = factory.Create();
                current.CurrentSince = time.GetUtcNow().UtcDateTime;
                db.SigningKeys.Add(current);
                db.SigningKeys.Add(factory.Create());
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        await ReloadAsync(cancellationToken);
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var rows = await db.SigningKeys.Where(k => k.RevokedAt == null).ToListAsync(cancellationToken);
        var loaded = rows
            .OrderBy(k => k.IsNext ? 1 : 0)
            .ThenByDescending(k => k.CurrentSince)
            .Select(factory.Load)
            .ToList();
        var current = loaded.FirstOrDefault(k => k.IsCurrent);
        snapshot = new Snapshot(current, loaded, SerializeJwks(loaded));
    }

    private static byte[] SerializeJwks(IEnumerable<SigningKeyMaterial> keys)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys)
            {
                var jwk = key.Jwk;
                writer.WriteStartObject();
                writer.WriteString("alg", jwk.Alg);
                writer.WriteString("kty", jwk.Kty);
                writer.WriteString("use", jwk.Use);
                writer.WriteString("n", jwk.N);
                writer.WriteString("e", jwk.E);
                writer.WriteString("kid", jwk.Kid);
                writer.WriteString("x5t", jwk.X5t);
                writer.WriteStartArray("x5c");
                foreach (var cert in jwk.X5c)
                {
                    writer.WriteStringValue(cert);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}

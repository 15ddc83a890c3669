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
internal sealed class SigningKeyRing(IServiceScopeFactory scopes, HotConnections rawConnections, SigningKeyFactory factory, TimeProvider time)
{
    private volatile Snapshot snapshot = Snapshot.Empty;

    // Reloads run one at a time: a periodic reload that read the rows before a revoke committed must not publish its
    // stale snapshot after the revoke's own reload published the fresh one.
    private readonly SemaphoreSlim reloading = new(1, 1);

    public sealed record Snapshot(SigningKeyMaterial? Current, IReadOnlyList<SigningKeyMaterial> Published, byte[] JwksJson)
    {
        public static readonly Snapshot Empty = new(null, [], "{\"keys\":[]}"u8.ToArray());

        /// <summary>The published keys as validators take them, built once per load.</summary>
        public IReadOnlyList<SecurityKey> ValidationKeys { get; } = Published.Select(k => (SecurityKey)k.Key).ToList();
    }

    /// <summary>The ring as last loaded; replaced whole on reload, so callers may cache what they derive from it.</summary>
    public Snapshot Current => snapshot;

    public SigningKeyMaterial CurrentKey => snapshot.Current ?? throw new InvalidOperationException("The signing key ring is not loaded.");

    public byte[] JwksJson => snapshot.JwksJson;

    public IReadOnlyList<SecurityKey> ValidationKeys => snapshot.ValidationKeys;

    /// <summary>Creates the first current and next keys on an empty database, then loads the ring.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await InitializeAsync(await StartFirstKeysAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// On a database without signing keys, starts making the first current and next keys side by side on other
    /// threads and returns them; null when the database has keys. RSA key generation takes 0.2–0.5 s a key here, so a
    /// first start seeds its tenant meanwhile and then hands them to <see cref="InitializeAsync(Task{SigningKey[]}, CancellationToken)"/>.
    /// Nothing is written until then: a start that fails in between leaves no keys behind.
    /// </summary>
    public async Task<Task<SigningKey[]>?> StartFirstKeysAsync(CancellationToken cancellationToken)
    {
        // Read outside EF, as every start does this (see HotConnections.RowsAsync); so are the first keys written (NewRows).
        if ((await rawConnections.RowsAsync("SELECT 1 FROM signing_keys WHERE revoked_at IS NULL LIMIT 1", cancellationToken)).Count > 0)
        {
            return null;
        }

        return Task.WhenAll(Task.Run(factory.Create, cancellationToken), Task.Run(factory.Create, cancellationToken));
    }

    /// <summary>Stores the keys <see cref="StartFirstKeysAsync"/> made, if it made any, then loads the ring.</summary>
    public async Task InitializeAsync(Task<SigningKey[]>? firstKeys, CancellationToken cancellationToken)
    {
        if (firstKeys is not null)
        {
            var created = await firstKeys;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var current = created[0];
            current.CurrentSince = time.GetUtcNow().UtcDateTime;
            await NewRows.InsertAsync(db, [current, created[1]], cancellationToken);
        }

        await ReloadAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the next key current, the current one previous, and creates a new next key, in one transaction. The new
    /// current key was published as "next" since the last rotation, so verifiers already know it.
    /// </summary>
    public async Task<SigningKey> RotateAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var keys = await db.SigningKeys.AsTracking().Where(k => k.RevokedAt == null).ToListAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var next = keys.Where(k => k.IsNext).OrderBy(k => k.CreatedAt).FirstOrDefault() ?? Add(db, factory.Create());
            foreach (var current in keys.Where(k => k.IsCurrent))
            {
                current.CurrentUntil = now;
            }

            next.CurrentSince = now;
            Add(db, factory.Create());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await ReloadAsync(cancellationToken);
            return next;
        }

        static SigningKey Add(AuthDbContext db, SigningKey key)
        {
            db.SigningKeys.Add(key);
            return key;
        }
    }

    /// <summary>Stops publishing a previous key at once. The current and next keys cannot be revoked.</summary>
    public async Task<SigningKey?> RevokeAsync(string kid, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await db.SigningKeys
            .Where(k => k.Kid == kid && k.CurrentUntil != null && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        await ReloadAsync(cancellationToken);
        return revoked == 0 ? null : await db.SigningKeys.FirstAsync(k => k.Kid == kid, cancellationToken);
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
        }
        finally
        {
            reloading.Release();
        }
    }

    /// <summary>Outside EF (see <see cref="HotConnections.RowsAsync"/>): the first load is part of every start.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // A previous key stays published while tokens it signed can still be valid: the longest lifetime any
        // API or ID token has (the Management API's day at least).
        var lifetimes = await rawConnections.RowsAsync(
            "SELECT (SELECT MAX(token_lifetime_seconds) FROM resource_servers), (SELECT MAX(id_token_lifetime_seconds) FROM clients)", cancellationToken);
        var longest = Math.Max(86400, Math.Max(Seconds(lifetimes[0][0]), Seconds(lifetimes[0][1])));
        var publishedSince = time.GetUtcNow() - TimeSpan.FromSeconds(longest);
        var rows = (await rawConnections.RowsAsync(
            "SELECT kid, alg, private_key_protected, certificate, created_at, current_since, current_until, revoked_at FROM signing_keys WHERE revoked_at IS NULL AND (current_until IS NULL OR current_until > @since)",
            cancellationToken, ("@since", publishedSince.ToUnixTimeMilliseconds()))).Select(Row);
        var loaded = rows
            .OrderBy(k => k.IsNext ? 1 : 0)
            .ThenByDescending(k => k.CurrentSince)
            .Select(factory.Load)
            .ToList();
        var current = loaded.FirstOrDefault(k => k.IsCurrent);
        snapshot = new Snapshot(current, loaded, SerializeJwks(loaded));
    }

    private static long Seconds(object? value) => value is null ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static SigningKey Row(List<object?> row) => new()
    {
        Kid = (string)row[0]!,
        Alg = (string)row[1]!,
        PrivateKeyProtected = (string)row[2]!,
        Certificate = (string)row[3]!,
        CreatedAt = UnixMilliseconds.ToInstant(row[4])!.Value,
        CurrentSince = UnixMilliseconds.ToInstant(row[5]),
        CurrentUntil = UnixMilliseconds.ToInstant(row[6]),
        RevokedAt = UnixMilliseconds.ToInstant(row[7]),
    };

    private static byte[] SerializeJwks(IEnumerable<SigningKeyMaterial> keys)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping: base64's '+' stays '+' as in Auth0's key set (the default encoder wrote "\u002B": 7 % more bytes).
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
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

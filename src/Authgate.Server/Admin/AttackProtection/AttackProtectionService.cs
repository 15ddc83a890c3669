using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;
using Authgate.Protection;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.AttackProtection;

/// <summary>
/// Brute-force protection, suspicious IP throttling and breached password detection settings: read with Auth0's
/// defaults for what was never set, and changed field by field. A PATCH replaces top-level fields, but a
/// <c>stage</c> it names is merged into the stored stages (Auth0 keeps stages a PATCH leaves out).
/// </summary>
internal sealed class AttackProtectionService(AuthDbContext db, WriteGate writes, TimeProvider time)
{
    public async Task<JsonObject> GetAsync(AttackProtectionKind kind, CancellationToken cancellationToken)
    {
        var row = await db.AttackProtection.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return Current(kind, row);
    }

    public async Task<AdminResult<JsonObject>> UpdateAsync(AttackProtectionKind kind, JsonNode? body, CancellationToken cancellationToken)
    {
        if (!AdminBody.Validate(Schema(kind), body).TryGet(out var changes, out var error))
        {
            return error;
        }

        // The Deploy CLI sends its three PATCHes at once: each is a read-modify-write of the one row, so the row is
        // created if missing and locked by one upsert before it is read, in every process sharing the database.
        var now = time.GetUtcNow().UtcDateTime;
        using var write = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RawSql.FirstRowAsync(db,
            "INSERT INTO attack_protection (id, brute_force, suspicious_ip, breached_password, updated_at) VALUES (@id, '{}', '{}', '{}', @t) " +
            "ON CONFLICT (id) DO UPDATE SET updated_at = @t",
            cancellationToken, ("@id", AttackProtectionRow.SingletonId), ("@t", new DateTimeOffset(now).ToUnixTimeMilliseconds()));
        var row = await db.AttackProtection.AsTracking().FirstAsync(cancellationToken);
        var settings = Apply(kind, row, changes);
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return settings;
    }

    /// <summary>
    /// Validates one setting of a tenant file's <c>attackProtection</c> section (the body its PATCH takes) and applies it
    /// to <paramref name="row"/>, without saving.
    /// </summary>
    public static AdminResult<JsonObject> Prepare(AttackProtectionRow row, AttackProtectionKind kind, JsonNode? body) =>
        AdminBody.Validate(Schema(kind), body).TryGet(out var changes, out var error) ? Apply(kind, row, changes) : error;

    /// <summary>The stored settings with <paramref name="changes"/> over them, written to the row's column for the kind.</summary>
    private static JsonObject Apply(AttackProtectionKind kind, AttackProtectionRow row, JsonObject changes)
    {
        var settings = Current(kind, row);
        if (changes.Obj("stage") is { } stages && settings.Obj("stage") is { } stored)
        {
            foreach (var (name, stage) in stages)
            {
                var merged = stored.Obj(name) ?? [];
                AdminJson.ApplyPatch(merged, stage as JsonObject ?? []);
                stored[name] = merged.DeepClone();
            }

            changes.Remove("stage");
        }

        AdminJson.ApplyPatch(settings, changes);
        var json = settings.ToJsonString();
        switch (kind)
        {
            case AttackProtectionKind.BruteForce:
                row.BruteForce = json;
                break;
            case AttackProtectionKind.SuspiciousIp:
                row.SuspiciousIp = json;
                break;
            default:
                row.BreachedPassword = json;
                break;
        }

        return settings;
    }

    private static ObjectSchema Schema(AttackProtectionKind kind) => kind switch
    {
        AttackProtectionKind.BruteForce => AttackProtectionSchema.BruteForce,
        AttackProtectionKind.SuspiciousIp => AttackProtectionSchema.SuspiciousIp,
        _ => AttackProtectionSchema.BreachedPassword,
    };

    /// <summary>Auth0's defaults (the enforcement types' initial values) with what was stored over them.</summary>
    private static JsonObject Current(AttackProtectionKind kind, AttackProtectionRow? row)
    {
        var (defaults, stored) = kind switch
        {
            AttackProtectionKind.BruteForce => (JsonSerializer.SerializeToNode(new BruteForceSettings()), row?.BruteForce),
            AttackProtectionKind.SuspiciousIp => (JsonSerializer.SerializeToNode(new SuspiciousIpSettings()), row?.SuspiciousIp),
            _ => (JsonSerializer.SerializeToNode(new BreachedPasswordSettings()), row?.BreachedPassword),
        };
        var settings = defaults as JsonObject ?? [];
        foreach (var (name, value) in AdminJson.Object(stored))
        {
            if (value is not null)
            {
                settings[name] = value.DeepClone();
            }
        }

        return settings;
    }
}

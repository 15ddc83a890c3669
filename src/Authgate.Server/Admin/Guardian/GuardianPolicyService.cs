using System.Text.Json.Nodes;
using Authgate.Mfa;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Guardian;

/// <summary>
/// The tenant's MFA policies (<c>/guardian/policies</c>): a JSON array of <c>all-applications</c> and
/// <c>confidence-score</c>; <c>[]</c> means MFA only when a Rule or Action asks.
/// </summary>
internal sealed class GuardianPolicyService(AuthDbContext db, WriteGate writes)
{
    public async Task<JsonArray> GetAsync(CancellationToken cancellationToken)
    {
        var stored = await db.GuardianPolicies.Select(p => p.Policy).ToListAsync(cancellationToken);
        return new JsonArray(MfaPolicies.All.Where(stored.Contains).Select(p => (JsonNode)p).ToArray());
    }

    /// <summary>
    /// Replaces the policies with the body, which must be an array of distinct known policy names. The body is a bare
    /// array, so its refusals name no field a form could show them beside: they carry their whole message only.
    /// </summary>
    public async Task<AdminResult<JsonArray>> SetAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        if (body is not JsonArray array)
        {
            return Invalid($"Payload validation error: 'Expected type array but found type {Kind(body)}'.");
        }

        var policies = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue value || !value.TryGetValue<string>(out var policy))
            {
                return Invalid($"Payload validation error: 'Expected type string but found type {Kind(array[i])}' on property [{i}].");
            }

            if (!MfaPolicies.All.Contains(policy))
            {
                return Invalid($"Payload validation error: 'Invalid property \"{policy}\"' on property [{i}].");
            }

            if (policies.IndexOf(policy) is var first and >= 0)
            {
                return Invalid($"Payload validation error: 'Array items are not unique (indexes {first} and {i})'.");
            }

            policies.Add(policy);
        }

        using (await writes.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.GuardianPolicies.ExecuteDeleteAsync(cancellationToken);
            db.GuardianPolicies.AddRange(policies.Select(p => new GuardianPolicy { Policy = p }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return new JsonArray(policies.Select(p => (JsonNode)p).ToArray());
    }

    private static AdminError Invalid(string message) => AdminError.BadRequest(message, "invalid_body");

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        _ => "number",
    };
}

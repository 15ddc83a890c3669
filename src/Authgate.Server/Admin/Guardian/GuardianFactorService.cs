using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;
using Authgate.Mfa;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Guardian;

/// <summary>
/// Guardian factors (<c>/guardian/factors</c>): every name Auth0 lists, with whether it is enabled. Authgate
/// implements <c>otp</c>, <c>email</c>, <c>sms</c> and <c>recovery-code</c>; the others are listed disabled and
/// refuse to be enabled.
/// </summary>
internal sealed class GuardianFactorService(AuthDbContext db, WriteGate writes)
{
    public async Task<JsonArray> ListAsync(CancellationToken cancellationToken)
    {
        var enabled = await db.GuardianFactors.Where(f => f.Enabled).Select(f => f.Name).ToListAsync(cancellationToken);
        return new JsonArray(GuardianFactorNames.All.Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name,
            ["enabled"] = GuardianFactorNames.Available.Contains(name) && enabled.Contains(name),
            ["trial_expired"] = false,
        }).ToArray());
    }

    public async Task<AdminResult<JsonObject>> SetAsync(string name, GuardianBodies.Factor body, CancellationToken cancellationToken)
    {
        if (!GuardianFactorNames.All.Contains(name))
        {
            return AdminError.BadRequest($"Path validation error: 'Invalid property \"{name}\"' on property name (Factor name).", "invalid_uri");
        }

        if (body.Enabled is not { } enabled)
        {
            return AdminError.Invalid(FieldError.Missing("enabled"));
        }

        if (!GuardianFactorNames.Available.Contains(name))
        {
            return enabled
                ? AdminError.BadRequest($"The {name} factor is not available in Authgate.", "factor_not_available")
                : new JsonObject { ["enabled"] = false };
        }

        using (await writes.EnterAsync(cancellationToken))
        {
            if (await db.GuardianFactors.Where(f => f.Name == name).ExecuteUpdateAsync(s => s.SetProperty(f => f.Enabled, enabled), cancellationToken) == 0)
            {
                db.GuardianFactors.Add(new GuardianFactor { Name = name, Enabled = enabled });
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }

        return new JsonObject { ["enabled"] = enabled };
    }
}

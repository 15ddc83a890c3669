using Authgate.Storage;
using Microsoft.Extensions.Options;

namespace Authgate.Mfa;

/// <summary>The tenant's enabled Guardian factors and MFA policies, shared by every node through the database.</summary>
internal sealed class MfaSettings(RequestStorage storage, IOptions<MfaOptions> options)
{
    /// <summary>The name users see in their authenticator app and in code messages: configured, else the tenant's friendly name.</summary>
    public async Task<string> TenantNameAsync() =>
        options.Value.TotpIssuer is { Length: > 0 } configured ? configured : (await HotQueries.Tenant(storage))?.FriendlyName ?? "Authgate";

    public sealed record Snapshot(IReadOnlySet<string> EnabledFactors, IReadOnlySet<string> Policies)
    {
        public bool IsEnabled(string factor) => EnabledFactors.Contains(factor);

        /// <summary>A factor a user can be challenged with or enrol (the recovery code alone is not one).</summary>
        public bool AnyChallengeFactor => EnabledFactors.Any(f => f != GuardianFactorNames.RecoveryCode);
    }

    /// <summary>Kept under the configuration stamp: database triggers bump it with any change to factors or policies.</summary>
    public Task<Snapshot> ReadAsync(CancellationToken cancellationToken) =>
        storage.Configuration.DerivedAsync(storage, "mfa", () => LoadAsync(cancellationToken));

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        // Plain statements, not EF queries: this runs on a token request when the configuration changed.
        var factors = await storage.RowsAsync("SELECT name FROM guardian_factors WHERE enabled", int.MaxValue, cancellationToken);
        var policies = await storage.RowsAsync("SELECT policy FROM guardian_policies", int.MaxValue, cancellationToken);
        return new Snapshot(
            factors.Select(row => (string)row[0]!).Where(GuardianFactorNames.Available.Contains).ToHashSet(StringComparer.Ordinal),
            policies.Select(row => (string)row[0]!).ToHashSet(StringComparer.Ordinal));
    }
}

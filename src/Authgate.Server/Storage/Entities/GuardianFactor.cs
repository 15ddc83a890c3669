namespace Authgate.Storage.Entities;

/// <summary>A Guardian factor the tenant turned on or off (<c>PUT /api/v2/guardian/factors/{name}</c>); absent means off.</summary>
internal sealed class GuardianFactor
{
    public required string Name { get; set; }
    public bool Enabled { get; set; }
}

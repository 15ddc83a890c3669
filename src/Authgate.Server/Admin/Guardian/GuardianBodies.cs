using System.Text.Json.Serialization;

namespace Authgate.Admin.Guardian;

/// <summary>Request bodies of the Guardian endpoints, with Auth0's field names (AUTH0-MGMT-SCHEMA.md §3.11).</summary>
internal static class GuardianBodies
{
    /// <summary><c>PUT /guardian/factors/{name}</c>: <c>{"enabled": bool}</c>, closed, <c>enabled</c> required.</summary>
    public sealed record Factor
    {
        [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
    }
}

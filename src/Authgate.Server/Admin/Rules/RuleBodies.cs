using System.Text.Json.Serialization;

namespace Authgate.Admin.Rules;

/// <summary>Request bodies of <c>/rules</c> and <c>/rules-configs</c>, with Auth0's field names.</summary>
internal static class RuleBodies
{
    /// <summary><c>POST /rules</c> (name and script required) and <c>PATCH /rules/{id}</c>.</summary>
    public sealed record Rule
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("script")] public string? Script { get; init; }
        [JsonPropertyName("order")] public double? Order { get; init; }
        [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
        [JsonPropertyName("stage")] public string? Stage { get; init; }
    }

    public sealed record Config
    {
        [JsonPropertyName("value")] public string? Value { get; init; }
    }
}

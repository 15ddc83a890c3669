using System.Text.Json.Serialization;

namespace Authgate.Connections;

/// <summary>One entry of <c>options.authentication_methods</c>.</summary>
internal sealed record MethodOptions
{
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}

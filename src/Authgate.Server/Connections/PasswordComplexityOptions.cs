using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authgate.Connections;

internal sealed record PasswordComplexityOptions
{
    [JsonPropertyName("min_length")]
    public int? MinLength { get; init; }
}

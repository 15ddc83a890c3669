using System.Text.Json.Serialization;

namespace Authgate.Jobs;

/// <summary>The body of <c>POST /jobs/users-exports</c> (closed, as at Auth0).</summary>
internal sealed record ExportRequest
{
    [JsonPropertyName("connection_id")] public string? ConnectionId { get; init; }
    [JsonPropertyName("format")] public string? Format { get; init; }
    [JsonPropertyName("limit")] public int? Limit { get; init; }
    [JsonPropertyName("fields")] public List<ExportField>? Fields { get; init; }
}

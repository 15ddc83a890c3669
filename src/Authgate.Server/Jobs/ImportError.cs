using System.Text.Json.Serialization;

namespace Authgate.Jobs;

/// <summary>One reason a user of an import was refused, as <c>GET /jobs/{id}/errors</c> lists it.</summary>
internal sealed record ImportError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("path")] string Path);

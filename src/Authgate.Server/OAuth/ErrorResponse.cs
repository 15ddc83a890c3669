using System.Text.Json.Serialization;

namespace Authgate.OAuth;

/// <summary>The body of every protocol error.</summary>
internal sealed record ErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

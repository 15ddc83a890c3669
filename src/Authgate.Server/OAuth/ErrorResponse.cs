using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authgate.OAuth;

/// <summary>The body of every protocol error; some add fields, such as <c>mfa_token</c> on <c>mfa_required</c>.</summary>
internal sealed record ErrorResponse
{
    [JsonPropertyName("error")]
    public string Error { get; init; } = "";

    [JsonPropertyName("error_description")]
    public string ErrorDescription { get; init; } = "";

    /// <remarks>Settable, not init-only: the source generator cannot bind extension data through a constructor.</remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extras { get; set; }
}

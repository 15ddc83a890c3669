using System.Text.Json.Serialization;

namespace Authgate.Delivery;

/// <summary>One message: recipient, subject (email only) and plain text. Stored encrypted until delivered.</summary>
public sealed record OutboxPayload(
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("text")] string Text);

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Authgate.Mfa;

/// <summary>
/// An <see cref="Issuance.IssuanceDecision"/> as the MFA transaction keeps it: who, for which client and API, the
/// scopes and claims Rules and Actions settled on. Entities are kept by id and reloaded when the MFA grant finishes,
/// so a user blocked or deleted meanwhile gets no tokens. Stored encrypted: claims and the presented refresh token
/// (a refresh exchange that needed MFA) are secrets.
/// </summary>
internal sealed record StoredDecision
{
    [JsonPropertyName("flow")] public required string Flow { get; init; }
    [JsonPropertyName("user_id")] public required string UserId { get; init; }
    [JsonPropertyName("connection_id")] public string? ConnectionId { get; init; }
    [JsonPropertyName("client_id")] public required string ClientId { get; init; }
    /// <summary>The API's identifier as grants store it (<see cref="Tokens.ApiResolver.ToStored"/>).</summary>
    [JsonPropertyName("audience")] public string? Audience { get; init; }
    [JsonPropertyName("scopes")] public required List<string> Scopes { get; init; }
    [JsonPropertyName("policy_scopes")] public required List<string> PolicyScopes { get; init; }
    [JsonPropertyName("permissions")] public List<string>? Permissions { get; init; }
    [JsonPropertyName("access_token_claims")] public JsonObject AccessTokenClaims { get; init; } = [];
    [JsonPropertyName("id_token_claims")] public JsonObject IdTokenClaims { get; init; } = [];
    [JsonPropertyName("details")] public JsonObject? Details { get; init; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; init; }
    [JsonPropertyName("refresh_token_expires_at")] public DateTime? RefreshTokenExpiresAt { get; init; }
    [JsonPropertyName("refresh_token_idle_expires_at")] public DateTime? RefreshTokenIdleExpiresAt { get; init; }
}

using System.Text.Json.Serialization;

namespace Authgate.OAuth;

/// <summary>The success body of <c>POST /oauth/token</c>, in Auth0's field order; absent fields are omitted.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("id_token")]
    public string? IdToken { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("expires_in")]
    public required int ExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = "Bearer";

    /// <summary>The user's new recovery code after the <c>mfa-recovery-code</c> grant used the old one (shown once).</summary>
    [JsonPropertyName("recovery_code")]
    public string? RecoveryCode { get; init; }
}

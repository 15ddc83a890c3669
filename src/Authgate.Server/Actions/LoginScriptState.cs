using System.Text.Json.Nodes;
using Authgate.Issuance;
using Authgate.OAuth;

namespace Authgate.Actions;

/// <summary>
/// What the Rules and Actions of one trigger execution have asked for so far, shared across them in order: the
/// scopes, the claims bag, metadata changes (written once at the end), a second factor, a refusal.
/// </summary>
internal sealed class LoginScriptState(IEnumerable<string> scopes)
{
    public List<string> Scopes { get; } = [.. scopes];

    public CustomClaims Claims { get; } = new();

    /// <summary><c>api.user.setAppMetadata</c>: key → value, null removes the key.</summary>
    public Dictionary<string, JsonNode?> AppMetadata { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonNode?> UserMetadata { get; } = new(StringComparer.Ordinal);

    public JsonObject TransactionMetadata { get; } = [];

    public string? MultifactorProvider { get; set; }

    /// <summary>Set by the first refusal; no later script runs.</summary>
    public OAuthError? Refused { get; set; }

    /// <summary><c>api.refreshToken.revoke(reason)</c> on a refresh exchange.</summary>
    public string? RevokeRefreshToken { get; set; }

    /// <summary><c>api.refreshToken.setExpiresAt</c> / <c>setIdleExpiresAt</c>: the earliest asked for, applied to the refresh token of the response.</summary>
    public Tokens.RefreshTokenLimits RefreshTokenLimits { get; set; } = Tokens.RefreshTokenLimits.None;

    /// <summary>Ids of the Rules that ran (<c>api.rules.wasExecuted</c>).</summary>
    public List<string> ExecutedRules { get; } = [];

    /// <summary>What the tenant log event records: one entry per Rule or Action that ran.</summary>
    public JsonArray Executions { get; } = [];
}

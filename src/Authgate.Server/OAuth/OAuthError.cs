using System.Text.Json;

namespace Authgate.OAuth;

/// <summary>
/// An expected failure of a protocol request: written as <c>{"error","error_description"}</c> plus any
/// <see cref="Extras"/> (<c>mfa_token</c>, <c>mfa_requirements</c>) with <see cref="Status"/> and any
/// <see cref="Headers"/> (rate limits). Create them through <see cref="OAuthErrors"/>, where every status is chosen.
/// </summary>
internal sealed record OAuthError(int Status, string Code, string Description, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Fields written next to <c>error</c> and <c>error_description</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Extras { get; init; }
}

namespace Authgate.OAuth;

/// <summary>
/// An expected failure of a protocol request: written as <c>{"error","error_description"}</c> with
/// <see cref="Status"/> and any <see cref="Headers"/> (rate limits). Create them through <see cref="OAuthErrors"/>,
/// where every status is chosen.
/// </summary>
internal sealed record OAuthError(int Status, string Code, string Description, IReadOnlyDictionary<string, string>? Headers = null);

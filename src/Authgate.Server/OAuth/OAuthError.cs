namespace Authgate.OAuth;

/// <summary>
/// An expected failure of a protocol request: written as <c>{"error","error_description"}</c> with
/// <see cref="Status"/>. Create them through <see cref="OAuthErrors"/>, where every status is chosen.
/// </summary>
internal sealed record OAuthError(int Status, string Code, string Description);

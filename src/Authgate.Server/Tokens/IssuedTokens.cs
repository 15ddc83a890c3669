namespace Authgate.Tokens;

/// <summary>The signed tokens of one request and the access token's lifetime.</summary>
internal sealed record IssuedTokens(string AccessToken, int ExpiresIn, string? IdToken);

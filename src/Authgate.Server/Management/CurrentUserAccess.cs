namespace Authgate.Management;

/// <summary>
/// Endpoint metadata: an end user's token (scopes <paramref name="Scopes"/>, any one of them) may call this endpoint
/// for the user named by the route's <c>id</c> when that is the token's own subject. Endpoints without it refuse
/// end users whatever their token says.
/// </summary>
internal sealed record CurrentUserAccess(string[] Scopes);

namespace Authgate.OAuth;

/// <summary>
/// Every error the token endpoint returns, with Auth0's status and text (contract §1.5). Auth0 answers 403 for
/// invalid_grant, unauthorized_client and access_denied where RFC 6749 would say 400, and 401 when client
/// authentication fails.
/// </summary>
internal static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidGrant = "invalid_grant";
    public const string InvalidScope = "invalid_scope";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string AccessDenied = "access_denied";
    public const string Unauthorized = "unauthorized";
    public const string ServerError = "server_error";
    public const string TemporarilyUnavailable = "temporarily_unavailable";

    public static OAuthError MissingParameter(string name) =>
        new(400, InvalidRequest, $"Missing required parameter: {name}");

    public static OAuthError BadRequest(string description) => new(400, InvalidRequest, description);

    public static OAuthError BodyTooLarge(int limit) =>
        new(413, InvalidRequest, $"Request body is larger than {limit} bytes.");

    public static OAuthError BadScopeType() => new(400, InvalidScope, "Scope must be an array or a string");

    public static OAuthError UnsupportedGrant(string grantType) =>
        new(501, UnsupportedGrantType, $"Unsupported grant type: {grantType}");

    public static OAuthError GrantNotAllowed(string grantType) =>
        new(403, UnauthorizedClient, $"Grant type '{grantType}' not allowed for the client.");

    /// <summary>Unknown client, wrong secret or a missing secret for a confidential client.</summary>
    public static OAuthError ClientAuthenticationFailed() => new(401, AccessDenied, "Unauthorized");

    public static OAuthError WrongCredentials() => new(403, InvalidGrant, "Wrong email or password.");

    public static OAuthError UserBlocked() => new(401, Unauthorized, "user is blocked");

    public static OAuthError NoDefaultConnection() =>
        new(500, ServerError, "Authorization server not configured with default connection.");

    public static OAuthError ConnectionNotFound() => new(400, InvalidRequest, "the connection was not found");

    public static OAuthError ConnectionDisabled() => new(400, InvalidRequest, "the connection was disabled");

    public static OAuthError ServiceNotFound(string audience) => new(403, AccessDenied, $"Service not found: {audience}");

    public static OAuthError Internal() => new(500, ServerError, "Internal error.");

    public static OAuthError Unavailable() => new(503, TemporarilyUnavailable, "The service is temporarily unavailable. Please retry.");
}

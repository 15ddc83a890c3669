using System.Text.Json.Serialization;

namespace Authgate.Management;

/// <summary>Auth0's Management API error body: <c>{"statusCode","error","message","errorCode"}</c>.</summary>
internal sealed record ManagementError(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errorCode")] string? ErrorCode)
{
    public static ManagementError From(Admin.AdminError error) =>
        new(error.Status, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(error.Status), error.Message, error.ErrorCode);

    public static ManagementError MissingAuthentication() => new(401, "Unauthorized", "Missing authentication", null);

    public static ManagementError InvalidToken(string message = "Invalid token") => new(401, "Unauthorized", message, "invalid_token");

    public static ManagementError InsufficientScope(IEnumerable<string> expected) =>
        new(403, "Forbidden", $"Insufficient scope, expected any of: {string.Join(",", expected)}", "insufficient_scope");

    public static ManagementError OtherUser() =>
        new(403, "Forbidden", "A current_user token can only access the user it was issued for.", "insufficient_scope");

    public static ManagementError BadBody(string message) => new(400, "Bad Request", message, "invalid_body");

    public static ManagementError BadQuery(string message) => new(400, "Bad Request", message, "invalid_query_string");

    public static ManagementError BadRequest(string message, string errorCode = "invalid_body") => new(400, "Bad Request", message, errorCode);

    public static ManagementError NotFound(string message, string errorCode) => new(404, "Not Found", message, errorCode);

    public static ManagementError Conflict(string message, string errorCode) => new(409, "Conflict", message, errorCode);

    public static ManagementError TooLarge(int limit) => new(413, "Payload Too Large", $"Request body is larger than {limit} bytes.", "payload_too_large");

    public static ManagementError TooManyRequests() => new(429, "Too Many Requests", "Global limit has been reached", "too_many_requests");

    public static ManagementError Internal() => new(500, "Internal Server Error", "Internal error.", null);

    public static ManagementError Unavailable() => new(503, "Service Unavailable", "The service is temporarily unavailable. Please retry.", null);
}

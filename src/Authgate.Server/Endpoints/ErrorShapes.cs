using System.Text.Json;
using Authgate.Management;
using Authgate.OAuth;
using Microsoft.AspNetCore.WebUtilities;

namespace Authgate.Endpoints;

/// <summary>
/// The body of an error nobody in the application wrote (routing's 404 and 405, Kestrel's 400, 411, 413, 414, 431,
/// 505): the Management API's shape under <c>/api/v2</c>, the OAuth shape everywhere else (<c>/oauth</c>,
/// <c>/userinfo</c>, <c>/mfa</c>, and paths that name no API). Clients then parse every error the same way.
/// </summary>
internal static class ErrorShapes
{
    public const string ContentType = "application/json; charset=utf-8";

    public static bool IsManagement(ReadOnlySpan<char> path) =>
        path.StartsWith("/api/v2", StringComparison.Ordinal) && (path.Length == 7 || path[7] is '/' or '?');

    public static byte[] Body(ReadOnlySpan<char> path, int status)
    {
        var message = Message(status);
        return IsManagement(path)
            ? JsonSerializer.SerializeToUtf8Bytes(new ManagementError(status, ReasonPhrases.GetReasonPhrase(status), message, Code(status)), ManagementJson.Output)
            : JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse { Error = status is >= 500 and not 505 ? OAuthErrors.ServerError : OAuthErrors.InvalidRequest, ErrorDescription = message }, ProtocolJson.Wire.ErrorResponse);
    }

    private static string Message(int status) => status switch
    {
        400 => "The request could not be parsed.",
        404 => "Not Found",
        405 => "The method is not allowed for this endpoint.",
        408 => "The request took too long to arrive.",
        411 => "A Content-Length header is required.",
        413 => "The request body is too large.",
        414 => "The request URI is too long.",
        415 => "The content type is not supported.",
        431 => "The request headers are too large.",
        505 => "The HTTP version is not supported.",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : "Error",
    };

    /// <summary>The reason phrase in snake case: <c>not_found</c>, <c>uri_too_long</c>, …</summary>
    private static string Code(int status) =>
        string.Join('_', ReasonPhrases.GetReasonPhrase(status).Split(' ', '-').Where(w => w.Length > 0)).ToLowerInvariant() is { Length: > 0 } code ? code : "error";
}

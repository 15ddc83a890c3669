using Authgate.Admin.Schemas;

namespace Authgate.Admin;

/// <summary>
/// An expected failure of an admin operation: the HTTP status Auth0 answers with, its message and error code. The
/// Management API writes it in Auth0's error shape, the CLI and tenant files print the message, the dashboard shows
/// <see cref="Fields"/> beside its form fields.
/// </summary>
internal sealed record AdminError(int Status, string Message, string? ErrorCode, IReadOnlyList<FieldError>? Fields = null)
{
    public static AdminError Invalid(IReadOnlyList<FieldError> errors) => new(400, FieldError.Join(errors), "invalid_body", errors);

    public static AdminError Invalid(FieldError error) => Invalid([error]);

    public static AdminError BadRequest(string message, string errorCode) => new(400, message, errorCode);

    public static AdminError BadQuery(string message) => new(400, message, "invalid_query_string");

    public static AdminError Forbidden(string message, string errorCode) => new(403, message, errorCode);

    public static AdminError NotFound(string message, string errorCode) => new(404, message, errorCode);

    public static AdminError Conflict(string message, string errorCode) => new(409, message, errorCode);

    /// <summary>Something the operation needs is busy (no script slot free in time): retry.</summary>
    public static AdminError Unavailable() => new(503, "The service is temporarily unavailable. Please retry.", null);
}

using System.Data.Common;
using Authgate.OAuth;
using Microsoft.AspNetCore.Diagnostics;

namespace Authgate.Endpoints;

/// <summary>
/// The last line: an unexpected exception becomes an OAuth-shaped 500 (or 503 when the database is unreachable or
/// busy), logged once, with no detail in the response.
/// </summary>
internal sealed partial class ProtocolExceptionHandler(ILogger<ProtocolExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        OAuthError error;
        if (exception is BadHttpRequestException bad)
        {
            error = new OAuthError(bad.StatusCode, OAuthErrors.InvalidRequest, "The request could not be read.");
        }
        else if (exception is DbException or TimeoutException || exception.InnerException is DbException)
        {
            LogUnavailable(logger, exception);
            error = OAuthErrors.Unavailable();
            context.Response.Headers.RetryAfter = "1";
        }
        else
        {
            LogUnhandled(logger, exception);
            error = OAuthErrors.Internal();
        }

        if (context.Response.HasStarted)
        {
            return true;
        }

        if (context.Request.Path.StartsWithSegments("/api/v2"))
        {
            var management = error.Status == 503 ? Management.ManagementError.Unavailable()
                : error.Status < 500 ? Management.ManagementError.BadRequest(error.Description, "invalid_request")
                : Management.ManagementError.Internal();
            context.Response.StatusCode = management.StatusCode;
            await context.Response.WriteAsJsonAsync(management, Management.ManagementJson.Output, cancellationToken);
            return true;
        }

        ProtocolResults.NoStore(context.Response);
        await ProtocolResults.WriteErrorAsync(context.Response, error, cancellationToken);

        return true;
    }

    [LoggerMessage(EventId = 9000, Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Database unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}

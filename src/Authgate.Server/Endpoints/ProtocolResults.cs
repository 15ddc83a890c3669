using System.Text.Json;
using Authgate.OAuth;

namespace Authgate.Endpoints;

/// <summary>Writes protocol responses: JSON with the no-store headers Auth0 sends on token responses.</summary>
internal static class ProtocolResults
{
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    /// <summary>
    /// An OAuth error body. Never a <c>WWW-Authenticate</c> header here: openid-client would read it instead of the body.
    /// A 429 waits out the refusal hold first (<see cref="Protection.RefusalHold"/>): every rate limit, throttle and busy
    /// lane of these endpoints answers through here, so a flood that hits one gets its refusals at the hold's pace.
    /// </summary>
    public static async Task WriteErrorAsync(HttpResponse response, OAuthError error, CancellationToken cancellationToken)
    {
        if (error.Status == StatusCodes.Status429TooManyRequests)
        {
            await response.HttpContext.RequestServices.GetRequiredService<Protection.RefusalHold>().HoldAsync(cancellationToken);
        }

        response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        await WriteJsonAsync(response, new ErrorResponse
        {
            Error = error.Code,
            ErrorDescription = error.Description,
            Extras = error.Extras is { Count: > 0 } extras ? new Dictionary<string, JsonElement>(extras) : null,
        }, ProtocolJson.Wire.ErrorResponse, cancellationToken);
    }

    public static async Task WriteJsonAsync<T>(HttpResponse response, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, value, type, cancellationToken);
    }
}

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

    /// <summary>An OAuth error body. Never a <c>WWW-Authenticate</c> header here: openid-client would read it instead of the body.</summary>
    public static Task WriteErrorAsync(HttpResponse response, OAuthError error, CancellationToken cancellationToken)
    {
        response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        return WriteJsonAsync(response, new ErrorResponse
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

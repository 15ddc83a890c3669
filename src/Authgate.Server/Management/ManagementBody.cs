using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Json;

namespace Authgate.Management;

/// <summary>
/// Reads Management API bodies strictly: JSON only, bounded size. Duplicate property names, unpaired surrogates and
/// invalid UTF-8 are refused before parsing (<see cref="StrictJson"/>): Auth0's stack would keep the last of
/// duplicates; refusing them means no stored document can be read two ways. What the JSON may hold is then the admin
/// services' business (their schemas, Auth0's "Payload validation error" wording).
/// </summary>
internal static class ManagementBody
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>
    /// The body as parsed JSON for the admin services, which validate it against their schemas. <c>Value</c> is null
    /// for a JSON <c>null</c> body; <c>Error</c> is set when the bytes are refused or are not JSON.
    /// </summary>
    public static async Task<(JsonNode? Value, ManagementError? Error)> ReadJsonAsync(HttpContext context)
    {
        var (bytes, error) = await ReadBytesAsync(context);
        if (bytes is null)
        {
            return (null, error);
        }

        try
        {
            return (JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }), null);
        }
        catch (JsonException)
        {
            return (null, ManagementError.BadBody("Invalid request payload JSON format"));
        }
    }

    /// <summary>
    /// Transitional, for the resources not yet on the admin layer (actions, rules, roles, jobs): the body bound to a
    /// typed record, unknown fields refused. New resources validate <see cref="ReadJsonAsync"/>'s node against a schema
    /// in their admin service instead (docs/ARCHITECTURE.md, "The admin layer").
    /// </summary>
    public static async Task<(T? Value, ManagementError? Error)> ReadAsync<T>(HttpContext context) where T : class
    {
        var (bytes, error) = await ReadBytesAsync(context);
        if (bytes is null)
        {
            return (null, error);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, Typed);
            return value is null ? (null, ManagementError.BadBody("Payload validation error: 'Expected type object but found type null'.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Describe(e));
        }
    }

    private static readonly JsonSerializerOptions Typed = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 32,
    };

    private static ManagementError Describe(JsonException e)
    {
        var property = e.Path is { Length: > 2 } path ? path[2..] : null;
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = e.Message.Split('\'') is { Length: > 2 } parts ? parts[1] : property;
            return ManagementError.BadBody($"Payload validation error: 'Additional properties not allowed: {name}'.");
        }

        return property is not null && e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? ManagementError.BadBody($"Payload validation error: 'Invalid type or value' on property {property}.")
            : ManagementError.BadBody("Invalid request payload JSON format");
    }

    private static async Task<(byte[]? Bytes, ManagementError? Error)> ReadBytesAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !string.Equals(type.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ManagementError.BadBody("Content-Type must be application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, ManagementError.TooLarge(MaxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    return (null, ManagementError.TooLarge(MaxBytes));
                }
            }
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            // Bad framing (an absurd chunk size, a body shorter than its length): the client's mistake, not ours.
            return (null, e is BadHttpRequestException { StatusCode: 413 } ? ManagementError.TooLarge(MaxBytes) : ManagementError.BadBody("The request body could not be read."));
        }

        var bytes = buffer.ToArray();
        return StrictJson.FindProblem(bytes) is { } problem
            ? (null, ManagementError.BadBody($"Payload validation error: '{problem}'."))
            : (bytes, null);
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Authgate.Grants;
using Authgate.OAuth;
using Microsoft.Net.Http.Headers;

namespace Authgate.Endpoints;

/// <summary>
/// Reads protocol bodies (form or JSON, as Auth0's SDKs send both) into parameters, strictly: a bounded size,
/// valid UTF-8, each parameter once, scalar values (a string array only for <c>scope</c>, <c>authenticator_types</c> and <c>oob_channels</c>), and null or empty
/// values treated as absent. Every failure is an <see cref="OAuthError"/>, never an exception.
/// </summary>
internal static class ProtocolRequestReader
{
    public const int MaxParameters = 64;
    public const int MaxNameLength = 64;
    public const int MaxValueLength = 4096;

    /// <summary>Parameters a JSON body may send as a string array, read as one space-separated value (as a form sends them).</summary>
    private static readonly HashSet<string> ListParameters = new(StringComparer.Ordinal)
    {
        OAuthParameters.Scope, OAuthParameters.AuthenticatorTypes, OAuthParameters.OobChannels,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public sealed record Result(TokenRequest? Request, OAuthError? Error);

    public static async Task<Result> ReadAsync(HttpContext context, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var basic = ParseBasic(request.Headers.Authorization.ToString(), out var basicError);
        if (basicError is not null)
        {
            return new Result(null, basicError);
        }

        if (request.ContentLength > maxBodyBytes)
        {
            return new Result(null, OAuthErrors.BodyTooLarge(maxBodyBytes));
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request.Body, maxBodyBytes, cancellationToken);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Bad framing (an absurd chunk size, a body shorter than its length): the client's mistake, not ours.
            return new Result(null, e is BadHttpRequestException { StatusCode: 413 } ? OAuthErrors.BodyTooLarge(maxBodyBytes) : OAuthErrors.BadRequest("The request body could not be read."));
        }

        if (body is null)
        {
            return new Result(null, OAuthErrors.BodyTooLarge(maxBodyBytes));
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        OAuthError? error;
        if (body.Length == 0)
        {
            error = null;
        }
        // ASP.NET's parser, the one its own form detection uses, not System.Net.Http's, which loaded the HTTP client's
        // assembly (1.2 MiB resident) into a server that never makes a request. It also accepts a trailing ';' and an
        // empty parameter value, which the other refused (Unit/ParsingTests).
        else if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            error = OAuthErrors.BadRequest("Content-Type must be application/x-www-form-urlencoded or application/json.");
        }
        else if (mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            error = ParseForm(body, parameters);
        }
        else if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            error = ParseJson(body, parameters);
        }
        else
        {
            error = OAuthErrors.BadRequest("Content-Type must be application/x-www-form-urlencoded or application/json.");
        }

        if (error is not null)
        {
            return new Result(null, error);
        }

        DropEmpty(parameters);
        return new Result(new TokenRequest
        {
            Parameters = parameters,
            Basic = basic,
            RemoteIp = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = request.Headers.UserAgent.ToString() is { Length: > 0 and <= 512 } ua ? ua : null,
            Hostname = request.Host.Host,
            ForwardedFor = request.Headers[Protection.ForwardedFor.Header].ToString() is { Length: > 0 and <= 64 } forwarded ? forwarded : null,
        }, null);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 16 * 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > limit)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static OAuthError? ParseForm(byte[] body, Dictionary<string, string> parameters)
    {
        var span = body.AsSpan();
        var scratch = new byte[body.Length];
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'&');
            var pair = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf((byte)'=');
            var name = Decode(eq < 0 ? pair : pair[..eq], scratch);
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..], scratch);
            if (name is null || value is null)
            {
                return OAuthErrors.BadRequest("The request body is not valid UTF-8 form data.");
            }

            var error = Add(parameters, name, value);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>Percent- and plus-decodes into bytes, then decodes UTF-8 strictly; null when either step fails.</summary>
    private static string? Decode(ReadOnlySpan<byte> encoded, byte[] scratch)
    {
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
            {
                scratch[length++] = (byte)' ';
            }
            else if (b == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    return null;
                }

                scratch[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else
            {
                scratch[length++] = b;
            }
        }

        try
        {
            return StrictUtf8.GetString(scratch, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static OAuthError? ParseJson(byte[] body, Dictionary<string, string> parameters)
    {
        if (Json.StrictJson.FindProblem(body, maxDepth: 8) is { } problem)
        {
            return OAuthErrors.BadRequest("The request body is not valid JSON: " + problem);
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return OAuthErrors.BadRequest("The request body must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString() ?? string.Empty;
                reader.Read();
                string? value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        value = null;
                        break;
                    case JsonTokenType.String:
                        value = reader.GetString();
                        break;
                    case JsonTokenType.Number:
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        if (name == OAuthParameters.Scope)
                        {
                            return OAuthErrors.BadScopeType();
                        }

                        value = Encoding.UTF8.GetString(reader.ValueSpan);
                        break;
                    case JsonTokenType.StartArray when ListParameters.Contains(name):
                        var items = new List<string>();
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType != JsonTokenType.String)
                            {
                                return name == OAuthParameters.Scope ? OAuthErrors.BadScopeType() : OAuthErrors.BadRequest($"Parameter '{name}' must be an array of strings.");
                            }

                            items.Add(reader.GetString() ?? string.Empty);
                        }

                        value = string.Join(' ', items);
                        break;
                    default:
                        return name == OAuthParameters.Scope
                            ? OAuthErrors.BadScopeType()
                            : OAuthErrors.BadRequest($"Parameter '{Shorten(name)}' must be a string.");
                }

                var error = Add(parameters, name, value ?? string.Empty);
                if (error is not null)
                {
                    return error;
                }
            }

            if (reader.Read())
            {
                return OAuthErrors.BadRequest("The request body must hold a single JSON object.");
            }

            return null;
        }
        catch (JsonException)
        {
            return OAuthErrors.BadRequest("The request body is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            return OAuthErrors.BadRequest("The request body is not valid UTF-8 JSON.");
        }
    }

    /// <summary>Stands for a null or empty value until <see cref="DropEmpty"/>, so a repeat of it is still noticed.</summary>
    private const string Empty = "\0";

    private static OAuthError? Add(Dictionary<string, string> parameters, string name, string value)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return OAuthErrors.BadRequest("Invalid parameter name.");
        }

        if (value.Length > MaxValueLength)
        {
            return OAuthErrors.BadRequest($"Parameter '{name}' is too long.");
        }

        if (parameters.Count >= MaxParameters)
        {
            return OAuthErrors.BadRequest("Too many parameters.");
        }

        if (!parameters.TryAdd(name, value.Length == 0 ? Empty : value))
        {
            return OAuthErrors.BadRequest($"Parameter '{name}' was given more than once.");
        }

        return null;
    }

    private static void DropEmpty(Dictionary<string, string> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (value == Empty)
            {
                parameters.Remove(name);
            }
        }
    }

    private static string Shorten(string name) => name.Length > MaxNameLength ? name[..MaxNameLength] : name;

    private static BasicCredentials? ParseBasic(string header, out OAuthError? error)
    {
        error = null;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = StrictUtf8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = OAuthErrors.BadRequest("Malformed Basic authorization header.");
                return null;
            }

            // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
            return new BasicCredentials(Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            error = OAuthErrors.BadRequest("Malformed Basic authorization header.");
            return null;
        }
    }
}

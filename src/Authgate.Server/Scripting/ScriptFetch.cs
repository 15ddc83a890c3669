using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Microsoft.Extensions.Options;

namespace Authgate.Scripting;

/// <summary>
/// The <c>fetch</c> global a caller may give its scripts: the standard signature (<c>fetch(url, {method, headers,
/// body, redirect})</c> → a promise of a response with <c>status</c>, <c>statusText</c>, <c>ok</c>, <c>url</c>,
/// <c>redirected</c>, <c>headers.get/has</c>, <c>text()</c> and <c>json()</c>), limited to the hosts of a
/// <see cref="HostAllowlist"/>. Only http and https; no proxy, no cookies, no decompression; redirects are followed
/// only on the same host and port (and never from https to http); the response body is capped and every call has a timeout
/// within the execution's deadline. This class opens the socket itself, to the addresses of the host the allowlist
/// accepted, so nothing else decides where a script connects. Failures reject with <c>TypeError: fetch failed: …</c>,
/// as Node's fetch does.
/// </summary>
internal sealed partial class ScriptFetch : IDisposable
{
    private const int MaxRedirects = 5;
    private const int MaxRequestBodyBytes = 1024 * 1024;
    private const int MaxUrlLength = 8 * 1024;

    // A property, not a static field: a struct-typed static field is laid out when the class loads, which the services'
    // registration does at every start, and this one loaded System.Net.Http with it. The key compares by its name.
    private static HttpRequestOptionsKey<HostAllowlist> AllowlistKey => new("authgate.script-fetch.allowlist");

    /// <summary>Headers the transport owns; a script setting them could smuggle a request to another virtual host.</summary>
    private static readonly HashSet<string> ForbiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect",
        "proxy-authorization", "proxy-connection", "accept-encoding",
    };

    private readonly ScriptingOptions options;
    private readonly ILogger<ScriptFetch> logger;
    // Made by the first fetch: the sandbox's services are built on every node, most of which never run a script that
    // fetches, and building the client at construction loaded System.Net.Http with them.
    private HttpClient? http;

    public ScriptFetch(IOptions<ScriptingOptions> options, ILogger<ScriptFetch> logger)
    {
        this.options = options.Value;
        this.logger = logger;
    }

    private HttpClient Client() => LazyInitializer.EnsureInitialized(ref http, CreateClient);

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = 64,
            ConnectTimeout = TimeSpan.FromMilliseconds(this.options.FetchTimeoutMilliseconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Defines <c>fetch</c> in the execution's engine, able to reach only <paramref name="allowlist"/>.</summary>
    public void Define(ScriptScope scope, HostAllowlist allowlist)
    {
        var calls = 0;
        scope.Engine.SetValue("fetch", scope.Function("fetch", arguments =>
        {
            if (++calls > options.FetchMaxRequests)
            {
                return scope.Rejected(scope.TypeError($"fetch failed: a script may make at most {options.FetchMaxRequests} requests"));
            }

            var (request, error) = Prepare(scope, arguments.Length > 0 ? arguments[0] : JsValue.Undefined, arguments.Length > 1 ? arguments[1] : JsValue.Undefined, allowlist);
            if (request is null)
            {
                return scope.Rejected(scope.TypeError(error!));
            }

            return scope.Promise(
                cancellationToken => SendAsync(request, allowlist, cancellationToken),
                response => Response(scope, response),
                e => scope.TypeError("fetch failed: " + (e is FetchFailedException ? e.Message : "the request could not be completed")));
        }, 2));
    }

    private sealed record Request(Uri Url, HttpMethod Method, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, string Redirect);

    /// <summary>Reads <c>url</c> and <c>init</c> on the engine's thread; an error is the TypeError's message.</summary>
    private static (Request? Request, string? Error) Prepare(ScriptScope scope, JsValue target, JsValue init, HostAllowlist allowlist)
    {
        var text = target.IsString() ? target.AsString() : target.IsObject() && target.AsObject().Get("href") is { } href && href.IsString() ? href.AsString() : target.ToString();
        if (text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return (null, $"fetch failed: '{Shorten(text)}' is not an absolute http or https URL");
        }

        if (url.UserInfo.Length > 0)
        {
            return (null, "fetch failed: a URL may not include credentials (send an Authorization header instead)");
        }

        if (!allowlist.Allows(url))
        {
            return (null, $"fetch failed: {url.IdnHost}{(url.IsDefaultPort ? "" : ":" + url.Port)} is not in this connection's allowed_hosts");
        }

        var settings = init.IsObject() ? scope.ToJson(init) as JsonObject : null;
        var method = (settings?["method"] as JsonValue)?.TryGetValue<string>(out var m) == true ? m.ToUpperInvariant() : "GET";
        if (method.Length is 0 or > 16 || !method.All(char.IsAsciiLetter) || method is "CONNECT" or "TRACE" or "TRACK")
        {
            return (null, $"fetch failed: '{Shorten(method)}' is not an allowed method");
        }

        string? body = null;
        if (settings?["body"] is { } bodyNode)
        {
            if (bodyNode is not JsonValue value || !value.TryGetValue(out body))
            {
                return (null, "fetch failed: body must be a string (use JSON.stringify for JSON)");
            }

            if (method is "GET" or "HEAD")
            {
                return (null, "fetch failed: a GET or HEAD request cannot have a body");
            }

            if (Encoding.UTF8.GetByteCount(body) > MaxRequestBodyBytes)
            {
                return (null, $"fetch failed: the body is larger than {MaxRequestBodyBytes} bytes");
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        IEnumerable<(string Name, JsonNode? Value)> given = settings?["headers"] switch
        {
            JsonObject o => o.Select(p => (p.Key, p.Value)),
            JsonArray a => a.Select(p => p is JsonArray { Count: 2 } pair && pair[0] is JsonValue name && name.TryGetValue<string>(out var n) ? (n, pair[1]) : ("", (JsonNode?)null)),
            _ => [],
        };
        foreach (var (name, value) in given)
        {
            var headerValue = value is JsonValue v && (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) is { } t ? t : null;
            if (name.Length == 0 || headerValue is null || !HeaderName().IsMatch(name) || headerValue.Any(c => c is '\r' or '\n' or '\0'))
            {
                return (null, $"fetch failed: header '{Shorten(name)}' is not a valid header");
            }

            if (ForbiddenHeaders.Contains(name))
            {
                return (null, $"fetch failed: header '{name}' is set by the transport and may not be given");
            }

            headers.Add(new(name, headerValue));
        }

        var redirect = (settings?["redirect"] as JsonValue)?.TryGetValue<string>(out var r) == true ? r : "follow";
        if (redirect is not ("follow" or "manual" or "error"))
        {
            return (null, $"fetch failed: redirect must be follow, manual or error");
        }

        return (new Request(url, new HttpMethod(method), headers, body, redirect), null);
    }

    private async Task<FetchResponse> SendAsync(Request request, HostAllowlist allowlist, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.FetchTimeoutMilliseconds);
        var url = request.Url;
        var method = request.Method;
        var body = request.Body;
        for (var hop = 0; ; hop++)
        {
            using var message = new HttpRequestMessage(method, url);
            message.Options.Set(AllowlistKey, allowlist);
            if (body is not null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain;charset=UTF-8");
            }

            foreach (var (name, value) in request.Headers)
            {
                if (name.StartsWith("content-", StringComparison.OrdinalIgnoreCase))
                {
                    if (message.Content is { } content)
                    {
                        content.Headers.Remove(name);
                        content.Headers.TryAddWithoutValidation(name, value);
                    }
                }
                else
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }
            }

            HttpResponseMessage response;
            try
            {
                response = await Client().SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new FetchFailedException($"no response from {url.IdnHost} within {options.FetchTimeoutMilliseconds} ms");
            }
            catch (HttpRequestException e)
            {
                FetchFailed(logger, url.IdnHost, e.HttpRequestError.ToString());
                throw new FetchFailedException(Describe(e, url), e);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && request.Redirect != "manual" && response.Headers.Location is { } location)
                {
                    if (request.Redirect == "error")
                    {
                        throw new FetchFailedException($"{url.IdnHost} answered with a redirect and redirect is 'error'");
                    }

                    var next = new Uri(url, location);
                    if (hop >= MaxRedirects)
                    {
                        throw new FetchFailedException($"more than {MaxRedirects} redirects");
                    }

                    if (next.Scheme is not ("http" or "https") || !string.Equals(next.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
                        || next.Port != url.Port || (url.Scheme == "https" && next.Scheme == "http") || !allowlist.Allows(next))
                    {
                        throw new FetchFailedException($"the redirect to {next.Scheme}://{next.IdnHost}{(next.IsDefaultPort ? "" : ":" + next.Port)} was refused: redirects are followed only on the same host and port");
                    }

                    if (status == 303 || (status is 301 or 302 && method == HttpMethod.Post))
                    {
                        method = HttpMethod.Get;
                        body = null;
                    }

                    url = next;
                    continue;
                }

                var bytes = await ReadAsync(response.Content, url, cancellationToken, timeout.Token);
                var headers = response.Headers.Concat(response.Content.Headers)
                    .Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), string.Join(", ", h.Value)))
                    .ToList();
                return new FetchResponse(status, response.ReasonPhrase ?? "", url.AbsoluteUri, hop > 0, headers, bytes);
            }
        }
    }

    private async Task<byte[]> ReadAsync(HttpContent content, Uri url, CancellationToken cancellationToken, CancellationToken timeout)
    {
        var limit = options.FetchMaxResponseBytes;
        if (content.Headers.ContentLength > limit)
        {
            throw new FetchFailedException($"the response from {url.IdnHost} is larger than {limit} bytes");
        }

        try
        {
            await using var stream = await content.ReadAsStreamAsync(timeout);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new FetchFailedException($"the response from {url.IdnHost} is larger than {limit} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchFailedException($"no complete response from {url.IdnHost} within {options.FetchTimeoutMilliseconds} ms");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new FetchFailedException($"the response from {url.IdnHost} was cut off", e);
        }
    }

    private static JsValue Response(ScriptScope scope, FetchResponse response)
    {
        var result = scope.Object();
        result.Set("status", JsNumber.Create(response.Status));
        result.Set("statusText", response.StatusText);
        result.Set("ok", response.Status is >= 200 and <= 299 ? JsBoolean.True : JsBoolean.False);
        result.Set("url", response.Url);
        result.Set("redirected", response.Redirected ? JsBoolean.True : JsBoolean.False);
        result.Set("type", "basic");

        var headers = scope.Object();
        string? Header(JsValue[] a)
        {
            var name = a.Length > 0 ? a[0].ToString().ToLowerInvariant() : "";
            var values = response.Headers.Where(h => h.Key == name).Select(h => h.Value).ToList();
            return values.Count == 0 ? null : string.Join(", ", values);
        }

        headers.Set("get", scope.Function("get", a => Header(a) is { } value ? value : JsValue.Null, 1));
        headers.Set("has", scope.Function("has", a => Header(a) is null ? JsBoolean.False : JsBoolean.True, 1));
        headers.Set("forEach", scope.Function("forEach", a =>
        {
            if (a.Length > 0 && a[0] is Jint.Native.Function.Function callback)
            {
                foreach (var (name, value) in response.Headers)
                {
                    scope.Engine.Call(callback, JsValue.Undefined, [value, name]);
                }
            }

            return JsValue.Undefined;
        }, 1));
        result.Set("headers", headers);

        var text = Encoding.UTF8.GetString(response.Body);
        result.Set("text", scope.Function("text", _ => scope.Resolved(text)));
        result.Set("json", scope.Function("json", _ =>
        {
            try
            {
                return scope.Resolved(scope.ParseJson(text));
            }
            catch (JavaScriptException e)
            {
                return scope.Rejected(e);
            }
        }));
        return result;
    }

    /// <summary>Connects to the addresses of the host the request names, after checking it against the request's allowlist once more.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        if (!context.InitialRequestMessage.Options.TryGetValue(AllowlistKey, out var allowlist) || !allowlist.Allows(endpoint.Host, endpoint.Port))
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{endpoint.Host} is not an allowed host");
        }

        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Describe(HttpRequestException e, Uri url) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => $"the host name {url.IdnHost} could not be resolved",
        HttpRequestError.ConnectionError => $"could not connect to {url.IdnHost}:{url.Port}",
        HttpRequestError.SecureConnectionError => $"the TLS connection to {url.IdnHost} failed",
        HttpRequestError.ConfigurationLimitExceeded => $"the response headers from {url.IdnHost} are too large",
        _ => $"the request to {url.IdnHost} failed",
    };

    private static string Shorten(string value) => value.Length > 100 ? value[..100] + "…" : value;

    [System.Text.RegularExpressions.GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$")]
    private static partial System.Text.RegularExpressions.Regex HeaderName();

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "A script's fetch to {Host} failed: {Reason}")]
    private static partial void FetchFailed(ILogger logger, string host, string reason);

    public void Dispose() => http?.Dispose();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authgate.Tests.Infrastructure;

/// <summary>Calls the Management API as Auth0's SDKs do: a client-credentials token, then JSON requests.</summary>
public sealed class Management(HttpClient http, string issuer = AuthgateFactory.Issuer)
{
    private string? token;

    public static async Task<string> TokenAsync(HttpClient http, string? scope = null, string clientId = AuthgateFactory.ManagementClientId, string secret = AuthgateFactory.ManagementClientSecret, string issuer = AuthgateFactory.Issuer)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["audience"] = issuer + "api/v2/",
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return (await (await http.PostFormAsync(form)).ShouldSucceedAsync()).GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? bearer = null)
    {
        token ??= await TokenAsync(http, issuer: issuer);
        using var request = new HttpRequestMessage(method, "/api/v2/" + path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer ?? token);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public async Task<JsonNode> OkAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, ServerErrors.Because(response, text, expected));
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public Task<JsonNode> GetAsync(string path) => OkAsync(HttpMethod.Get, path);

    public Task<JsonNode> PostAsync(string path, object body) => OkAsync(HttpMethod.Post, path, body, HttpStatusCode.Created);

    public Task<JsonNode> PatchAsync(string path, object body) => OkAsync(HttpMethod.Patch, path, body);

    public Task<JsonNode> DeleteAsync(string path) => OkAsync(HttpMethod.Delete, path, null, HttpStatusCode.NoContent);

    /// <summary>Asserts Auth0's management error shape.</summary>
    public static async Task ShouldBeManagementErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? errorCode = null, string? messageContains = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, ServerErrors.Because(response, text, status));
        var json = JsonDocument.Parse(text).RootElement;
        json.GetProperty("statusCode").GetInt32().Should().Be((int)status);
        json.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        json.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        if (errorCode is not null)
        {
            json.GetProperty("errorCode").GetString().Should().Be(errorCode);
        }

        if (messageContains is not null)
        {
            json.GetProperty("message").GetString().Should().Contain(messageContains);
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, Func<Task>> LogFlushes = new();

    /// <summary>Lets <see cref="WaitForLogAsync"/> wait for the server's log writer instead of polling (in-memory servers).</summary>
    public static void RegisterLogFlush(HttpClient client, Func<Task> flush) => LogFlushes.AddOrUpdate(client, flush);

    /// <summary>
    /// Log events are written off the request path: wait until one matching <paramref name="predicate"/> is there. An
    /// in-memory server is flushed first, so one read answers; a server in another process is polled.
    /// </summary>
    public async Task<JsonNode> WaitForLogAsync(Func<JsonNode, bool> predicate, string query = "")
    {
        var flush = LogFlushes.TryGetValue(http, out var registered) ? registered : null;
        for (var attempt = 0; attempt < (flush is null ? 100 : 3); attempt++)
        {
            if (flush is not null)
            {
                await flush();
            }

            var logs = (await GetAsync("logs?per_page=100" + query)).AsArray();
            if (logs.FirstOrDefault(l => l is not null && predicate(l)) is { } found)
            {
                return found;
            }

            if (flush is null)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("The expected log event was not written.");
    }
}

using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Authgate.Jobs;
using Authgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Jobs;

/// <summary>Posts import jobs as Auth0's SDKs do (multipart) and waits for a node's jobs through its runner, not by polling.</summary>
internal sealed class JobsClient(AuthgateFactory factory, HttpClient http)
{
    private string? token;

    public Infrastructure.Management Management { get; } = new(http);

    public async Task<HttpResponseMessage> PostImportAsync(string users, string? connectionId, bool? upsert = null, string? externalId = null, string fileName = "users.json")
    {
        token ??= await Infrastructure.Management.TokenAsync(http);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(users, Encoding.UTF8, "application/json"), "users", fileName);
        if (connectionId is not null)
        {
            form.Add(new StringContent(connectionId), "connection_id");
        }

        if (upsert is { } u)
        {
            form.Add(new StringContent(u ? "true" : "false"), "upsert");
        }

        if (externalId is not null)
        {
            form.Add(new StringContent(externalId), "external_id");
        }

        form.Add(new StringContent("false"), "send_completion_email");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/jobs/users-imports") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Imports and waits for the job to finish; returns the finished job.</summary>
    public async Task<JsonNode> ImportAsync(string users, string connectionId, bool? upsert = null)
    {
        var response = await PostImportAsync(users, connectionId, upsert);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted, text);
        var id = JsonNode.Parse(text)!["id"]!.GetValue<string>();
        await factory.Services.GetRequiredService<JobRunner>().WhenIdleAsync();
        return await Management.GetAsync("jobs/" + id);
    }

    public async Task<string> ConnectionIdAsync(string name) =>
        (await Management.GetAsync("connections?name=" + name)).AsArray()[0]!["id"]!.GetValue<string>();

    public static string Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Authgate.Delivery;

/// <summary>SMS through an HTTP webhook: <c>POST {"to","body","message_id"}</c>; any 2xx means taken.</summary>
internal sealed class WebhookSmsTransport(IOptions<DeliveryOptions> options, FileDropTransport files) : ISmsTransport, IDisposable
{
    // The node's one client for the webhook, made by the first message it sends (not through IHttpClientFactory, whose
    // registration loaded System.Net.Http at every start of every node, most of which never send an SMS); its pooled
    // connections are renewed every few minutes so that a DNS change of the webhook's host is seen.
    private HttpClient? http;

    public async Task SendAsync(string messageId, OutboxPayload message, CancellationToken cancellationToken)
    {
        var settings = options.Value.Sms;
        if (string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            await files.WriteAsync(OutboxChannels.Sms, messageId, message, cancellationToken);
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl)
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["to"] = message.To, ["body"] = message.Text, ["message_id"] = messageId }),
        };
        if (!string.IsNullOrEmpty(settings.Authorization))
        {
            request.Headers.TryAddWithoutValidation("Authorization", settings.Authorization);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        using var response = await Client().SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The SMS webhook answered {(int)response.StatusCode}.");
        }
    }

    public void Dispose() => http?.Dispose();

    private HttpClient Client() => LazyInitializer.EnsureInitialized(ref http,
        static () => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));
}

using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Authgate.Delivery;

/// <summary>SMS through an HTTP webhook: <c>POST {"to","body","message_id"}</c>; any 2xx means taken.</summary>
internal sealed class WebhookSmsTransport(IHttpClientFactory http, IOptions<DeliveryOptions> options, FileDropTransport files) : ISmsTransport
{
    public const string HttpClientName = "sms-webhook";

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
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The SMS webhook answered {(int)response.StatusCode}.");
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Authgate.Tests.Infrastructure;

/// <summary>A local HTTP endpoint standing in for an SMS gateway: keeps every JSON body posted to it.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Channel<(JsonElement Body, string? Authorization)> received = Channel.CreateUnbounded<(JsonElement, string?)>();
    private readonly Task serving;

    public WebhookReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/sms/";
        }

        listener.Prefixes.Add(Url);
        listener.Start();
        serving = ServeAsync();
    }

    public string Url { get; }

    /// <summary>Answer 503 instead of taking messages, to play a gateway outage.</summary>
    public bool Failing { get; set; }

    public async Task<(JsonElement Body, string? Authorization)> NextAsync(string to, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = await received.Reader.ReadAsync(cancel.Token);
            if (message.Body.GetProperty("to").GetString() == to)
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping can throw while a server's connection is still closing (CI failed once on it, as a class cleanup
        // failure after every test had passed); the listener is closed either way.
        Quietly(listener.Stop);
        Quietly(listener.Close);
        try
        {
            await serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private static void Quietly(Action stop)
    {
        try
        {
            stop();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            if (Failing)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                continue;
            }

            try
            {
                var body = await JsonDocument.ParseAsync(context.Request.InputStream);
                await received.Writer.WriteAsync((body.RootElement.Clone(), context.Request.Headers["Authorization"]));
                context.Response.StatusCode = 202;
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // A sender that hung up mid-request: its message did not arrive (the server retries), the receiver goes on.
            }
        }
    }
}

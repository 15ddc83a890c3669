using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// A tiny SMTP server on a loopback port (RFC 5321's minimum: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, no
/// TLS, no auth) that keeps every message it accepts. It can be stopped and started again on the same port to play
/// a mail relay outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Channel<Message> messages = Channel.CreateUnbounded<Message>();
    private TcpListener? listener;
    private CancellationTokenSource? stopping;
    private Task? accepting;

    public SmtpSink(int port = 0)
    {
        Port = port == 0 ? FreePort() : port;
    }

    public sealed record Message(string From, IReadOnlyList<string> To, string Data)
    {
        public string Body => Data.Split("\r\n\r\n", 2) is [_, var body] ? body : Data;
    }

    public int Port { get; }

    public static SmtpSink Start(int port = 0)
    {
        var sink = new SmtpSink(port);
        sink.Resume();
        return sink;
    }

    /// <summary>Listens (again) on the port.</summary>
    public void Resume()
    {
        stopping = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        accepting = AcceptAsync(listener, stopping.Token);
    }

    /// <summary>Stops listening: connections are refused until <see cref="Resume"/>.</summary>
    public async Task PauseAsync()
    {
        stopping?.Cancel();
        listener?.Stop();
        if (accepting is not null)
        {
            try
            {
                await accepting;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The next message for <paramref name="to"/>, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<Message> NextAsync(string to, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = await messages.Reader.ReadAsync(cancel.Token);
            if (message.To.Contains(to, StringComparer.OrdinalIgnoreCase))
            {
                return message;
            }
        }
    }

    public bool TryTake(out Message? message) => messages.Reader.TryRead(out message);

    public async ValueTask DisposeAsync() => await PauseAsync();

    private async Task AcceptAsync(TcpListener server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await server.AcceptTcpClientAsync(cancellationToken);
            _ = Task.Run(() => ServeAsync(client, cancellationToken), cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost sink ready");
        string from = "";
        var to = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(cancellationToken) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        await messages.Writer.WriteAsync(new Message(from, [.. to], data.ToString()), cancellationToken);
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

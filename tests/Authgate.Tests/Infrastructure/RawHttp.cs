using System.Net.Sockets;
using System.Text;

namespace Authgate.Tests.Infrastructure;

/// <summary>Bytes on a socket: requests no HTTP client library would send (bad framing, bad request lines).</summary>
public static class RawHttp
{
    public sealed record Response(int Status, string Head, string Body)
    {
        public string? Header(string name) =>
            Head.Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals(name, StringComparison.OrdinalIgnoreCase))
                .Select(p => p[1].Trim()).FirstOrDefault();
    }

    /// <summary>Sends <paramref name="request"/> and reads until the server closes (or 5 s pass), then parses the first response.</summary>
    public static async Task<Response> SendAsync(Uri server, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (Complete(buffer.ToArray()))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        return Parse(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static Task<Response> SendAsync(Uri server, string request) => SendAsync(server, Encoding.ASCII.GetBytes(request));

    private static bool Complete(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var parsed = Parse(text);
        if (parsed.Header("Content-Length") is { } length)
        {
            return Encoding.UTF8.GetByteCount(parsed.Body) >= int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
        }

        return parsed.Header("Transfer-Encoding") is not "chunked" || text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }

    private static Response Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return new Response(0, text, "");
        }

        var head = text[..end];
        var body = text[(end + 4)..];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = new StringBuilder();
            var rest = body;
            while (rest.IndexOf("\r\n", StringComparison.Ordinal) is var eol and > 0)
            {
                var size = Convert.ToInt32(rest[..eol], 16);
                if (size == 0)
                {
                    break;
                }

                decoded.Append(rest.AsSpan(eol + 2, size));
                rest = rest[(eol + 2 + size + 2)..];
            }

            body = decoded.ToString();
        }

        return new Response(status, head, body);
    }
}

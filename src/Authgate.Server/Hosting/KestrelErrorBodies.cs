using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Authgate.Endpoints;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Authgate.Hosting;

/// <summary>
/// Kestrel answers requests it cannot parse (a bad request line, 411, 414, 431, 505, a header timeout) itself,
/// before any middleware runs, with an empty body and no hook to change it. This connection middleware watches
/// what Kestrel writes: a bodiless 4xx/5xx that closes the connection gets the JSON body of
/// <see cref="ErrorShapes"/>, chosen by the request target it saw arrive. HTTP/1.x in plain text only: under TLS it
/// sits outside the decryption and lets the bytes pass untouched.
/// </summary>
internal static class KestrelErrorBodies
{
    public static ListenOptions UseKestrelErrorBodies(this ListenOptions listen)
    {
        listen.Use(next => async connection =>
        {
            var original = connection.Transport;
            var input = new RequestLineReader(original.Input);
            connection.Transport = new Pipe(input, new ErrorBodyWriter(original.Output, input));
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = original;
            }
        });
        return listen;
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>Remembers the start of the latest request line that arrived (method and target).</summary>
    private sealed class RequestLineReader(PipeReader inner) : PipeReader
    {
        private readonly byte[] line = new byte[96];
        private int length;

        public ReadOnlySpan<byte> LastRequestLine => line.AsSpan(0, length);

        // Every request's first read waits for its bytes: pooled, the wait does not allocate a state machine each time.
        [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            Remember(result.Buffer);
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }

            Remember(result.Buffer);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        private void Remember(ReadOnlySequence<byte> buffer)
        {
            // Only a buffer that starts like "METHOD /" is a request line; header and body bytes leave it as it was.
            Span<byte> head = stackalloc byte[line.Length];
            var count = (int)Math.Min(buffer.Length, head.Length);
            buffer.Slice(0, count).CopyTo(head);
            var space = head[..count].IndexOf((byte)' ');
            if (space is >= 3 and <= 7 && space + 1 < count && head[space + 1] == '/' && IsMethod(head[..space]))
            {
                head[..count].CopyTo(line);
                length = count;
            }
        }

        private static bool IsMethod(ReadOnlySpan<byte> token)
        {
            foreach (var b in token)
            {
                if (b is < (byte)'A' or > (byte)'Z')
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed class ErrorBodyWriter(PipeWriter inner, RequestLineReader requests) : PipeWriter
    {
        private static readonly byte[] EmptyLength = "\r\nContent-Length: 0\r\n"u8.ToArray();
        private static readonly byte[] Close = "\r\nConnection: close\r\n"u8.ToArray();
        private Memory<byte> last;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) => last = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            var chunk = last.Span[..Math.Min(bytes, last.Length)];
            if (bytes > 16 && chunk[9] is (byte)'4' or (byte)'5' && chunk.StartsWith("HTTP/1."u8) && Rewrite(chunk) is { } replacement)
            {
                replacement.CopyTo(inner.GetSpan(replacement.Length));
                inner.Advance(replacement.Length);
                return;
            }

            inner.Advance(bytes);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        /// <summary>The same response with a JSON body, or null when this is not one of Kestrel's bodiless errors.</summary>
        private byte[]? Rewrite(ReadOnlySpan<byte> headers)
        {
            if (!headers.EndsWith("\r\n\r\n"u8) || headers.IndexOf(Close) < 0 || headers.IndexOf(EmptyLength) is not (>= 0 and var at)
                || !int.TryParse(headers.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return null;
            }

            var request = requests.LastRequestLine;
            if (request.StartsWith("HEAD "u8))
            {
                return null;
            }

            var targetStart = request.IndexOf((byte)' ') + 1;
            var target = request[targetStart..];
            var targetEnd = target.IndexOfAny((byte)' ', (byte)'\r');
            var path = Encoding.ASCII.GetString(targetEnd >= 0 ? target[..targetEnd] : target);
            var body = ErrorShapes.Body(path, status);
            var fields = Encoding.ASCII.GetBytes($"\r\nContent-Type: {ErrorShapes.ContentType}\r\nContent-Length: {body.Length}\r\n");
            return [.. headers[..at], .. fields, .. headers[(at + EmptyLength.Length)..], .. body];
        }
    }
}

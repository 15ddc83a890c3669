using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Authgate.Tokens;

/// <summary>The signature provider of one key and algorithm, with the current second's signatures by input.</summary>
internal sealed class RepeatedInputSignatureProvider(SecurityKey key, string algorithm, SignatureProvider inner, TimeProvider time, Action reused)
    : SignatureProvider(key, algorithm)
{
    // The clock that stamps iat: a new second means new inputs, so the table starts again.
    private Window window = new(time.GetUtcNow().ToUnixTimeSeconds());
    private long computed;

    /// <summary>Signatures actually computed (the rest were repeats).</summary>
    public long Computed => Interlocked.Read(ref computed);

    public override byte[] Sign(byte[] input) => Sign(input.AsSpan()).ToArray();

    public override byte[] Sign(byte[] input, int offset, int count) => Sign(input.AsSpan(offset, count)).ToArray();

    public override bool Sign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten)
    {
        var signature = Sign(data);
        if (signature.Length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        signature.CopyTo(destination);
        bytesWritten = signature.Length;
        return true;
    }

    public override bool Verify(byte[] input, byte[] signature) => inner.Verify(input, signature);

    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength) =>
        inner.Verify(input, inputOffset, inputLength, signature, signatureOffset, signatureLength);

    protected override void Dispose(bool disposing)
    {
        // The inner provider is the default factory's, cached there.
    }

    private ReadOnlySpan<byte> Sign(ReadOnlySpan<byte> data)
    {
        var current = window;
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        if (current.Second != second)
        {
            // A race here only means two threads start the new second's table; one of them is kept.
            window = current = new Window(second);
        }

        if (current.Signatures.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(data, out var known))
        {
            reused();
            return known;
        }

        var input = data.ToArray();
        var signature = inner.Sign(input);
        Interlocked.Increment(ref computed);
        if (current.Signatures.Count < RepeatedInputSigning.Capacity)
        {
            current.Signatures.TryAdd(input, signature);
        }

        return signature;
    }

    private sealed class Window(long second)
    {
        public long Second { get; } = second;

        public ConcurrentDictionary<byte[], byte[]> Signatures { get; } = new(ByteSequence.Comparer);
    }
}

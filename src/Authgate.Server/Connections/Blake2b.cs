using System.Buffers.Binary;
using System.Numerics;

namespace Authgate.Connections;

/// <summary>
/// BLAKE2b (RFC 7693), unkeyed, 1 to 64 bytes of output: what Argon2 needs for its first blocks and its tag
/// (<see cref="Argon2idSimd"/>). .NET has no BLAKE2b, and this runs a few times per hash, so plain scalar code.
/// </summary>
internal struct Blake2b
{
    private static readonly ulong[] IV =
    [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ];

    private static readonly byte[] Sigma =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    private State state;
    private Buffer pending;
    private int pendingLength;
    private ulong counter;
    private readonly int outputLength;

    public Blake2b(int outputLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputLength, 64);
        this.outputLength = outputLength;
        for (var i = 0; i < 8; i++)
        {
            state[i] = IV[i];
        }

        state[0] ^= 0x01010000UL ^ (ulong)outputLength;
    }

    /// <summary>BLAKE2b of <paramref name="input"/> into all of <paramref name="output"/> (1 to 64 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var hash = new Blake2b(output.Length);
        hash.Update(input);
        hash.Finish(output);
    }

    public void Update(ReadOnlySpan<byte> input)
    {
        while (input.Length > 0)
        {
            // The last block is compressed in Finish (with the final flag), so a full buffer waits for more input.
            if (pendingLength == 128)
            {
                counter += 128;
                Compress(ref state, pending, counter, last: false);
                pendingLength = 0;
            }

            var take = Math.Min(128 - pendingLength, input.Length);
            input[..take].CopyTo(((Span<byte>)pending)[pendingLength..]);
            pendingLength += take;
            input = input[take..];
        }
    }

    public void UpdateLittleEndian(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Update(bytes);
    }

    public void Finish(Span<byte> output)
    {
        counter += (ulong)pendingLength;
        ((Span<byte>)pending)[pendingLength..].Clear();
        Compress(ref state, pending, counter, last: true);
        Span<byte> full = stackalloc byte[64];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(full[(8 * i)..], state[i]);
        }

        full[..outputLength].CopyTo(output);
        full.Clear();
        ((Span<byte>)pending).Clear();
    }

    private static void Compress(ref State h, ReadOnlySpan<byte> block, ulong bytes, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        Span<ulong> v = stackalloc ulong[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        }

        for (var i = 0; i < 8; i++)
        {
            v[i] = h[i];
            v[i + 8] = IV[i];
        }

        v[12] ^= bytes;
        if (last)
        {
            v[14] = ~v[14];
        }

        for (var round = 0; round < 12; round++)
        {
            var s = Sigma.AsSpan(16 * (round % 10), 16);
            G(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            G(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            G(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            G(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            G(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            G(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            G(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            G(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }

        for (var i = 0; i < 8; i++)
        {
            h[i] ^= v[i] ^ v[i + 8];
        }

        m.Clear();
        v.Clear();
    }

    private static void G(Span<ulong> v, int a, int b, int c, int d, ulong x, ulong y)
    {
        v[a] = v[a] + v[b] + x;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 63);
    }

    [System.Runtime.CompilerServices.InlineArray(8)]
    private struct State
    {
        private ulong element;
    }

    [System.Runtime.CompilerServices.InlineArray(128)]
    private struct Buffer
    {
        private byte element;
    }
}

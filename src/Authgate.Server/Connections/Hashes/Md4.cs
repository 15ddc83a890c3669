using System.Buffers.Binary;
using System.Numerics;

namespace Authgate.Connections.Hashes;

/// <summary>
/// MD4 (RFC 1320), which .NET does not ship: only to verify md4 hashes imported from another system, never to
/// create one.
/// </summary>
internal static class Md4
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        var length = data.Length;
        var padded = new byte[((length + 8) / 64 + 1) * 64];
        data.CopyTo(padded);
        padded[length] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(padded.AsSpan(padded.Length - 8), (ulong)length * 8);
        Span<uint> x = stackalloc uint[16];
        for (var offset = 0; offset < padded.Length; offset += 64)
        {
            for (var i = 0; i < 16; i++)
            {
                x[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded.AsSpan(offset + i * 4));
            }

            uint aa = a, bb = b, cc = c, dd = d;
            ReadOnlySpan<int> s1 = [3, 7, 11, 19];
            for (var i = 0; i < 16; i++)
            {
                var t = a + ((b & c) | (~b & d)) + x[i];
                (a, b, c, d) = (d, BitOperations.RotateLeft(t, s1[i % 4]), b, c);
            }

            ReadOnlySpan<int> s2 = [3, 5, 9, 13];
            ReadOnlySpan<int> order2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
            for (var i = 0; i < 16; i++)
            {
                var t = a + ((b & c) | (b & d) | (c & d)) + x[order2[i]] + 0x5a827999;
                (a, b, c, d) = (d, BitOperations.RotateLeft(t, s2[i % 4]), b, c);
            }

            ReadOnlySpan<int> s3 = [3, 9, 11, 15];
            ReadOnlySpan<int> order3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
            for (var i = 0; i < 16; i++)
            {
                var t = a + (b ^ c ^ d) + x[order3[i]] + 0x6ed9eba1;
                (a, b, c, d) = (d, BitOperations.RotateLeft(t, s3[i % 4]), b, c);
            }

            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }

        var result = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(result, a);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), d);
        return result;
    }
}

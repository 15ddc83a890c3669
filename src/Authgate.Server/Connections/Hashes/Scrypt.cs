using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Authgate.Connections.Hashes;

/// <summary>
/// scrypt (RFC 7914), which .NET does not ship: only to verify scrypt hashes imported from another system, with
/// the cost bounded so an imported hash cannot make a login take unbounded memory.
/// </summary>
internal static class Scrypt
{
    /// <summary>128·r·N bytes of memory per check; this bounds N·r (the default 16384·8 needs 16 MiB).</summary>
    public const long MaxCost = 1 << 20;

    public static byte[] DeriveKey(byte[] password, byte[] salt, int n, int r, int p, int length)
    {
        if (n < 2 || (n & (n - 1)) != 0 || r < 1 || p < 1 || p > 16 || (long)n * r > MaxCost || length is < 1 or > 1024)
        {
            throw new FormatException("scrypt parameters out of range.");
        }

        var blockSize = 128 * r;
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, HashAlgorithmName.SHA256, p * blockSize);
        var x = new uint[32 * r];
        var v = new uint[32 * r * n];
        var y = new uint[32 * r];
        for (var i = 0; i < p; i++)
        {
            var chunk = b.AsSpan(i * blockSize, blockSize);
            for (var k = 0; k < x.Length; k++)
            {
                x[k] = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(k * 4)..]);
            }

            for (var j = 0; j < n; j++)
            {
                x.CopyTo(v, j * x.Length);
                BlockMix(x, y, r);
            }

            for (var j = 0; j < n; j++)
            {
                var index = (int)(x[(2 * r - 1) * 16] & (uint)(n - 1));
                for (var k = 0; k < x.Length; k++)
                {
                    x[k] ^= v[index * x.Length + k];
                }

                BlockMix(x, y, r);
            }

            for (var k = 0; k < x.Length; k++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(chunk[(k * 4)..], x[k]);
            }
        }

        return Rfc2898DeriveBytes.Pbkdf2(password, b, 1, HashAlgorithmName.SHA256, length);
    }

    private static void BlockMix(uint[] b, uint[] y, int r)
    {
        Span<uint> x = stackalloc uint[16];
        b.AsSpan((2 * r - 1) * 16, 16).CopyTo(x);
        for (var i = 0; i < 2 * r; i++)
        {
            for (var k = 0; k < 16; k++)
            {
                x[k] ^= b[i * 16 + k];
            }

            Salsa208(x);
            // Even blocks go to the first half, odd blocks to the second.
            x.CopyTo(y.AsSpan(((i & 1) * r + i / 2) * 16, 16));
        }

        y.CopyTo(b, 0);
    }

    private static void Salsa208(Span<uint> b)
    {
        Span<uint> x = stackalloc uint[16];
        b.CopyTo(x);
        for (var i = 0; i < 8; i += 2)
        {
            x[4] ^= BitOperations.RotateLeft(x[0] + x[12], 7); x[8] ^= BitOperations.RotateLeft(x[4] + x[0], 9);
            x[12] ^= BitOperations.RotateLeft(x[8] + x[4], 13); x[0] ^= BitOperations.RotateLeft(x[12] + x[8], 18);
            x[9] ^= BitOperations.RotateLeft(x[5] + x[1], 7); x[13] ^= BitOperations.RotateLeft(x[9] + x[5], 9);
            x[1] ^= BitOperations.RotateLeft(x[13] + x[9], 13); x[5] ^= BitOperations.RotateLeft(x[1] + x[13], 18);
            x[14] ^= BitOperations.RotateLeft(x[10] + x[6], 7); x[2] ^= BitOperations.RotateLeft(x[14] + x[10], 9);
            x[6] ^= BitOperations.RotateLeft(x[2] + x[14], 13); x[10] ^= BitOperations.RotateLeft(x[6] + x[2], 18);
            x[3] ^= BitOperations.RotateLeft(x[15] + x[11], 7); x[7] ^= BitOperations.RotateLeft(x[3] + x[15], 9);
            x[11] ^= BitOperations.RotateLeft(x[7] + x[3], 13); x[15] ^= BitOperations.RotateLeft(x[11] + x[7], 18);
            x[1] ^= BitOperations.RotateLeft(x[0] + x[3], 7); x[2] ^= BitOperations.RotateLeft(x[1] + x[0], 9);
            x[3] ^= BitOperations.RotateLeft(x[2] + x[1], 13); x[0] ^= BitOperations.RotateLeft(x[3] + x[2], 18);
            x[6] ^= BitOperations.RotateLeft(x[5] + x[4], 7); x[7] ^= BitOperations.RotateLeft(x[6] + x[5], 9);
            x[4] ^= BitOperations.RotateLeft(x[7] + x[6], 13); x[5] ^= BitOperations.RotateLeft(x[4] + x[7], 18);
            x[11] ^= BitOperations.RotateLeft(x[10] + x[9], 7); x[8] ^= BitOperations.RotateLeft(x[11] + x[10], 9);
            x[9] ^= BitOperations.RotateLeft(x[8] + x[11], 13); x[10] ^= BitOperations.RotateLeft(x[9] + x[8], 18);
            x[12] ^= BitOperations.RotateLeft(x[15] + x[14], 7); x[13] ^= BitOperations.RotateLeft(x[12] + x[15], 9);
            x[14] ^= BitOperations.RotateLeft(x[13] + x[12], 13); x[15] ^= BitOperations.RotateLeft(x[14] + x[13], 18);
        }

        for (var i = 0; i < 16; i++)
        {
            b[i] += x[i];
        }
    }
}

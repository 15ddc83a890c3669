using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Authgate.Connections;

/// <summary>
/// Argon2's compression of one 1 KiB block in AVX2 registers: four 64-bit lanes of BLAKE2b's G at a time, one row or
/// one column of the block per round, the diagonal step by lane rotations.
/// </summary>
internal readonly unsafe struct Argon2BlockAvx2 : IArgon2BlockFunction
{
    private static readonly Vector256<byte> Rotate24 = Vector256.Create(
        (byte)3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);

    private static readonly Vector256<byte> Rotate16 = Vector256.Create(
        (byte)2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);

    /// <summary>next = P(prev ^ ref) ^ (prev ^ ref) [^ next]: the compression G of RFC 9106 over a 1 KiB block.</summary>
    [SkipLocalsInit]
    public static void FillBlock(ulong* previous, ulong* reference, ulong* next, bool withXor)
    {
        var r = stackalloc Vector256<ulong>[32];
        for (var i = 0; i < 32; i++)
        {
            r[i] = Avx.LoadVector256(previous + (4 * i)) ^ Avx.LoadVector256(reference + (4 * i));
        }

        // Rows: row k is words 16k..16k+15, i.e. vectors 4k..4k+3.
        // Each G runs on locals, which stay in registers; refs into the block would go through memory every step.
        for (var k = 0; k < 32; k += 4)
        {
            var a = r[k];
            var b = r[k + 1];
            var c = r[k + 2];
            var d = r[k + 3];
            Round(ref a, ref b, ref c, ref d);
            r[k] = a;
            r[k + 1] = b;
            r[k + 2] = c;
            r[k + 3] = d;
        }

        // Columns: column i is the word pairs 2i + 16j (j = 0..7): two pairs per vector.
        var words = (ulong*)r;
        for (var i = 0; i < 8; i++)
        {
            var column = words + (2 * i);
            var a = Vector256.Create(Sse2.LoadVector128(column), Sse2.LoadVector128(column + 16));
            var b = Vector256.Create(Sse2.LoadVector128(column + 32), Sse2.LoadVector128(column + 48));
            var c = Vector256.Create(Sse2.LoadVector128(column + 64), Sse2.LoadVector128(column + 80));
            var d = Vector256.Create(Sse2.LoadVector128(column + 96), Sse2.LoadVector128(column + 112));
            Round(ref a, ref b, ref c, ref d);
            Sse2.Store(column, a.GetLower());
            Sse2.Store(column + 16, a.GetUpper());
            Sse2.Store(column + 32, b.GetLower());
            Sse2.Store(column + 48, b.GetUpper());
            Sse2.Store(column + 64, c.GetLower());
            Sse2.Store(column + 80, c.GetUpper());
            Sse2.Store(column + 96, d.GetLower());
            Sse2.Store(column + 112, d.GetUpper());
        }

        // prev ^ ref again from memory (both still in cache) rather than a saved copy; index by index, so a reference
        // block that is also the next one (the address blocks) is read before it is overwritten.
        if (withXor)
        {
            for (var i = 0; i < 32; i++)
            {
                var at = 4 * i;
                Avx.Store(next + at, Avx.LoadVector256(previous + at) ^ Avx.LoadVector256(reference + at) ^ Avx.LoadVector256(next + at) ^ r[i]);
            }
        }
        else
        {
            for (var i = 0; i < 32; i++)
            {
                var at = 4 * i;
                Avx.Store(next + at, Avx.LoadVector256(previous + at) ^ Avx.LoadVector256(reference + at) ^ r[i]);
            }
        }
    }

    /// <summary>BLAKE2b's round without message words, on the 4x4 words (a, b, c, d): columns, then diagonals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref Vector256<ulong> a, ref Vector256<ulong> b, ref Vector256<ulong> c, ref Vector256<ulong> d)
    {
        G(ref a, ref b, ref c, ref d);
        b = Avx2.Permute4x64(b, 0x39);
        c = Avx2.Permute4x64(c, 0x4E);
        d = Avx2.Permute4x64(d, 0x93);
        G(ref a, ref b, ref c, ref d);
        b = Avx2.Permute4x64(b, 0x93);
        c = Avx2.Permute4x64(c, 0x4E);
        d = Avx2.Permute4x64(d, 0x39);
    }

    /// <summary>BlaMka's G on four lanes: BLAKE2b's additions with 2 * lo32(x) * lo32(y) added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector256<ulong> a, ref Vector256<ulong> b, ref Vector256<ulong> c, ref Vector256<ulong> d)
    {
        a = a + b + Twice(Avx2.Multiply(a.AsUInt32(), b.AsUInt32()));
        d = Avx2.Shuffle((d ^ a).AsUInt32(), 0xB1).AsUInt64();
        c = c + d + Twice(Avx2.Multiply(c.AsUInt32(), d.AsUInt32()));
        b = Avx2.Shuffle((b ^ c).AsByte(), Rotate24).AsUInt64();
        a = a + b + Twice(Avx2.Multiply(a.AsUInt32(), b.AsUInt32()));
        d = Avx2.Shuffle((d ^ a).AsByte(), Rotate16).AsUInt64();
        c = c + d + Twice(Avx2.Multiply(c.AsUInt32(), d.AsUInt32()));
        var x = b ^ c;
        b = Avx2.ShiftRightLogical(x, 63) ^ (x + x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Twice(Vector256<ulong> x) => x + x;
}

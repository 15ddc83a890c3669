using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Authgate.Connections;

/// <summary>
/// Argon2's compression of one 1 KiB block in AVX-512 registers: each vector holds the same four words of two rows
/// (or two columns), so one round of BLAKE2b's G runs on eight 64-bit lanes, half the instructions of
/// <see cref="Argon2BlockAvx2"/>, and the rotations are single instructions (<c>vprorq</c>) instead of byte shuffles
/// and, for the 63-bit one, a shift, an add and an XOR. Output is the same bytes (tests compare both with libargon2).
/// </summary>
internal readonly unsafe struct Argon2BlockAvx512 : IArgon2BlockFunction
{
    /// <summary>
    /// Swaps the middle two 128-bit quarters: {x.lo, x.hi, y.lo, y.hi} becomes {x.lo, y.lo, x.hi, y.hi}; its own inverse.
    /// </summary>
    private const byte SwapMiddleQuarters = 0b11_01_10_00;

    /// <summary>next = P(prev ^ ref) ^ (prev ^ ref) [^ next]: the compression G of RFC 9106 over a 1 KiB block.</summary>
    [SkipLocalsInit]
    public static void FillBlock(ulong* previous, ulong* reference, ulong* next, bool withXor)
    {
        // 64-byte aligned, so no vector of the working copy straddles two cache lines.
        var raw = stackalloc byte[(16 * 64) + 64];
        var r = (Vector512<ulong>*)(((nuint)raw + 63) & ~(nuint)63);
        for (var i = 0; i < 16; i++)
        {
            r[i] = Avx512F.LoadVector512(previous + (8 * i)) ^ Avx512F.LoadVector512(reference + (8 * i));
        }

        var words = (ulong*)r;

        // Rows, two at a time: row k is words 16k..16k+15 (a, b, c, d: four words each); a vector's lower half holds
        // row k's four, its upper half row k + 1's.
        for (var k = 0; k < 8; k += 2)
        {
            var row = words + (16 * k);
            var a = Vector512.Create(Avx.LoadVector256(row), Avx.LoadVector256(row + 16));
            var b = Vector512.Create(Avx.LoadVector256(row + 4), Avx.LoadVector256(row + 20));
            var c = Vector512.Create(Avx.LoadVector256(row + 8), Avx.LoadVector256(row + 24));
            var d = Vector512.Create(Avx.LoadVector256(row + 12), Avx.LoadVector256(row + 28));
            Round(ref a, ref b, ref c, ref d);
            Avx.Store(row, a.GetLower());
            Avx.Store(row + 16, a.GetUpper());
            Avx.Store(row + 4, b.GetLower());
            Avx.Store(row + 20, b.GetUpper());
            Avx.Store(row + 8, c.GetLower());
            Avx.Store(row + 24, c.GetUpper());
            Avx.Store(row + 12, d.GetLower());
            Avx.Store(row + 28, d.GetUpper());
        }

        // Columns, two at a time: column i is the word pairs 2i + 16j (j = 0..7), so columns i and i + 1 share the
        // four words at 16j + 2i. Loading those for j and j + 1 and swapping the middle quarters gives column i's
        // pairs j, j + 1 in the lower half and column i + 1's in the upper: the AVX2 layout, twice.
        for (var i = 0; i < 8; i += 2)
        {
            var column = words + (2 * i);
            var a = Gather(column, column + 16);
            var b = Gather(column + 32, column + 48);
            var c = Gather(column + 64, column + 80);
            var d = Gather(column + 96, column + 112);
            Round(ref a, ref b, ref c, ref d);
            Scatter(a, column, column + 16);
            Scatter(b, column + 32, column + 48);
            Scatter(c, column + 64, column + 80);
            Scatter(d, column + 96, column + 112);
        }

        // prev ^ ref again from memory (both still in cache) rather than a saved copy; index by index, so a reference
        // block that is also the next one (the address blocks) is read before it is overwritten.
        if (withXor)
        {
            for (var i = 0; i < 16; i++)
            {
                var at = 8 * i;
                Avx512F.Store(next + at, Avx512F.LoadVector512(previous + at) ^ Avx512F.LoadVector512(reference + at) ^ Avx512F.LoadVector512(next + at) ^ r[i]);
            }
        }
        else
        {
            for (var i = 0; i < 16; i++)
            {
                var at = 8 * i;
                Avx512F.Store(next + at, Avx512F.LoadVector512(previous + at) ^ Avx512F.LoadVector512(reference + at) ^ r[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Gather(ulong* first, ulong* second)
    {
        var both = Vector512.Create(Avx.LoadVector256(first), Avx.LoadVector256(second));
        return Avx512F.Shuffle4x128(both, both, SwapMiddleQuarters);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(Vector512<ulong> value, ulong* first, ulong* second)
    {
        var both = Avx512F.Shuffle4x128(value, value, SwapMiddleQuarters);
        Avx.Store(first, both.GetLower());
        Avx.Store(second, both.GetUpper());
    }

    /// <summary>
    /// BLAKE2b's round without message words on two 4x4 states at once (one per 256-bit half): columns, then
    /// diagonals; <c>vpermq</c> with an immediate permutes within each half.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref Vector512<ulong> a, ref Vector512<ulong> b, ref Vector512<ulong> c, ref Vector512<ulong> d)
    {
        G(ref a, ref b, ref c, ref d);
        b = Avx512F.Permute4x64(b, 0x39);
        c = Avx512F.Permute4x64(c, 0x4E);
        d = Avx512F.Permute4x64(d, 0x93);
        G(ref a, ref b, ref c, ref d);
        b = Avx512F.Permute4x64(b, 0x93);
        c = Avx512F.Permute4x64(c, 0x4E);
        d = Avx512F.Permute4x64(d, 0x39);
    }

    /// <summary>BlaMka's G on eight lanes: BLAKE2b's additions with 2 * lo32(x) * lo32(y) added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector512<ulong> a, ref Vector512<ulong> b, ref Vector512<ulong> c, ref Vector512<ulong> d)
    {
        a = a + b + Twice(Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()));
        d = Avx512F.RotateRight(d ^ a, 32);
        c = c + d + Twice(Avx512F.Multiply(c.AsUInt32(), d.AsUInt32()));
        b = Avx512F.RotateRight(b ^ c, 24);
        a = a + b + Twice(Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()));
        d = Avx512F.RotateRight(d ^ a, 16);
        c = c + d + Twice(Avx512F.Multiply(c.AsUInt32(), d.AsUInt32()));
        b = Avx512F.RotateRight(b ^ c, 63);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Twice(Vector512<ulong> x) => x + x;
}

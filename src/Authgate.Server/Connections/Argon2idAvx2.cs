using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Authgate.Connections;

/// <summary>
/// Argon2id, version 0x13 (RFC 9106), with the compression function in AVX2 registers. Debian's libargon2 is the
/// portable reference build: per 1 KiB block it copies and XORs the block through memory three times around a
/// scalar compression, which a profile of the password grant put at a third of all its CPU. Here a block is loaded
/// once, XORed, permuted by rows and by columns in 256-bit registers (four 64-bit lanes of BLAKE2b's G at a time, the
/// diagonal step by lane rotations) and stored once. Output is byte-for-byte libargon2's (tests compare the two and
/// the RFC's vector). The working memory is the caller's: <see cref="Argon2WorkingMemory"/>, wiped after each hash.
/// </summary>
internal static unsafe class Argon2idAvx2
{
    private const int BlockUlongs = 128;
    private const int BlockBytes = 1024;
    private const uint Version = 0x13;
    private const uint TypeId = 2;

    /// <summary>1 GiB: a larger cost (an imported hash) goes to libargon2.</summary>
    private const uint MaxMemoryKiB = 1024 * 1024;

    private static readonly Vector256<byte> Rotate24 = Vector256.Create(
        (byte)3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);

    private static readonly Vector256<byte> Rotate16 = Vector256.Create(
        (byte)2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);

    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>
    /// Whether these parameters are ones this implementation takes (libargon2's own limits, at most 16 lanes and 1 GiB:
    /// Authgate writes p=1 and 19 MiB; imported hashes beyond these go to libargon2).
    /// </summary>
    public static bool Accepts(int saltLength, int outputLength, uint memoryKiB, uint iterations, uint lanes) =>
        IsSupported && saltLength >= 8 && outputLength >= 4 && iterations >= 1 && lanes is >= 1 and <= 16
        && memoryKiB >= 8 * lanes && memoryKiB <= MaxMemoryKiB;

    /// <summary>Argon2id of <paramref name="password"/> and <paramref name="salt"/> into all of <paramref name="output"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, uint memoryKiB, uint iterations, uint lanes, Span<byte> output)
    {
        if (!Accepts(salt.Length, output.Length, memoryKiB, iterations, lanes))
        {
            throw new ArgumentException("Argon2id parameters outside what this implementation takes.");
        }

        var blocks = 4 * lanes * (memoryKiB / (4 * lanes));
        var laneLength = blocks / lanes;
        var bytes = (nuint)blocks * BlockBytes;
        var memory = (ulong*)Argon2WorkingMemory.Take(bytes);
        try
        {
            Span<byte> h0 = stackalloc byte[72];
            var initial = new Blake2b(64);
            initial.UpdateLittleEndian(lanes);
            initial.UpdateLittleEndian((uint)output.Length);
            initial.UpdateLittleEndian(memoryKiB);
            initial.UpdateLittleEndian(iterations);
            initial.UpdateLittleEndian(Version);
            initial.UpdateLittleEndian(TypeId);
            initial.UpdateLittleEndian((uint)password.Length);
            initial.Update(password);
            initial.UpdateLittleEndian((uint)salt.Length);
            initial.Update(salt);
            initial.UpdateLittleEndian(0); // no secret
            initial.UpdateLittleEndian(0); // no associated data
            initial.Finish(h0[..64]);

            for (uint lane = 0; lane < lanes; lane++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h0[68..], lane);
                for (uint column = 0; column < 2; column++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(h0[64..], column);
                    VariableHash(h0, new Span<byte>(memory + (((lane * laneLength) + column) * BlockUlongs), BlockBytes));
                }
            }

            h0.Clear();
            var segmentLength = laneLength / 4;
            for (uint pass = 0; pass < iterations; pass++)
            {
                for (uint slice = 0; slice < 4; slice++)
                {
                    for (uint lane = 0; lane < lanes; lane++)
                    {
                        FillSegment(memory, pass, lane, slice, lanes, laneLength, segmentLength, blocks, iterations);
                    }
                }
            }

            var last = stackalloc ulong[BlockUlongs];
            new ReadOnlySpan<ulong>(memory + ((laneLength - 1) * BlockUlongs), BlockUlongs).CopyTo(new Span<ulong>(last, BlockUlongs));
            for (uint lane = 1; lane < lanes; lane++)
            {
                var block = memory + ((((lane * laneLength) + laneLength) - 1) * BlockUlongs);
                for (var i = 0; i < BlockUlongs; i++)
                {
                    last[i] ^= block[i];
                }
            }

            VariableHash(new ReadOnlySpan<byte>(last, BlockBytes), output);
            new Span<ulong>(last, BlockUlongs).Clear();
        }
        finally
        {
            // libargon2 wipes its working memory too: a kept region must hold nothing derived from the password.
            new Span<byte>(memory, checked((int)bytes)).Clear();

            Argon2WorkingMemory.Give((byte*)memory, bytes);
        }
    }

    /// <summary>H' of RFC 9106: BLAKE2b stretched to any output length.</summary>
    private static void VariableHash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length <= 64)
        {
            var small = new Blake2b(output.Length);
            small.UpdateLittleEndian((uint)output.Length);
            small.Update(input);
            small.Finish(output);
            return;
        }

        Span<byte> v = stackalloc byte[64];
        var first = new Blake2b(64);
        first.UpdateLittleEndian((uint)output.Length);
        first.Update(input);
        first.Finish(v);
        v[..32].CopyTo(output);
        var written = 32;
        while (output.Length - written > 64)
        {
            Blake2b.Hash(v, v);
            v[..32].CopyTo(output[written..]);
            written += 32;
        }

        Blake2b.Hash(v, output[written..]);
        v.Clear();
    }

    private static void FillSegment(ulong* memory, uint pass, uint lane, uint slice, uint lanes, uint laneLength, uint segmentLength, uint blocks, uint iterations)
    {
        var dataIndependent = pass == 0 && slice < 2;
        var addresses = stackalloc ulong[BlockUlongs];
        var input = stackalloc ulong[BlockUlongs];
        var zero = stackalloc ulong[BlockUlongs];
        new Span<ulong>(input, BlockUlongs).Clear();
        new Span<ulong>(zero, BlockUlongs).Clear();
        if (dataIndependent)
        {
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blocks;
            input[4] = iterations;
            input[5] = TypeId;
        }

        uint start = 0;
        if (pass == 0 && slice == 0)
        {
            start = 2;
            if (dataIndependent)
            {
                NextAddresses(addresses, input, zero);
            }
        }

        var current = (lane * laneLength) + (slice * segmentLength) + start;
        var previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (var index = start; index < segmentLength; index++, current++, previous++)
        {
            // A hash is ~40,000 blocks and ~15 ms of a core: every 256 (~0.1 ms) the hashing thread lets a waiting
            // request thread have the core (ThreadNice.YieldIfLowered says why the scheduler alone does not).
            if ((index & 255) == 0)
            {
                ThreadNice.YieldIfLowered();
            }

            if (current % laneLength == 1)
            {
                previous = current - 1;
            }

            ulong pseudoRandom;
            if (dataIndependent)
            {
                if (index % BlockUlongs == 0)
                {
                    NextAddresses(addresses, input, zero);
                }

                pseudoRandom = addresses[index % BlockUlongs];
            }
            else
            {
                pseudoRandom = memory[previous * BlockUlongs];
            }

            var referenceLane = pass == 0 && slice == 0 ? lane : (uint)((pseudoRandom >> 32) % lanes);
            var referenceIndex = ReferenceIndex(pass, slice, index, laneLength, segmentLength, (uint)pseudoRandom, referenceLane == lane);
            FillBlock(
                memory + ((ulong)previous * BlockUlongs),
                memory + ((((ulong)laneLength * referenceLane) + referenceIndex) * BlockUlongs),
                memory + ((ulong)current * BlockUlongs),
                withXor: pass != 0);
        }

        new Span<ulong>(addresses, BlockUlongs).Clear();
    }

    private static void NextAddresses(ulong* addresses, ulong* input, ulong* zero)
    {
        input[6]++;
        FillBlock(zero, input, addresses, withXor: false);
        FillBlock(zero, addresses, addresses, withXor: false);
    }

    /// <summary>The block a new block mixes in: RFC 9106, section 3.4.1.2, as libargon2 computes it.</summary>
    private static uint ReferenceIndex(uint pass, uint slice, uint index, uint laneLength, uint segmentLength, uint pseudoRandom, bool sameLane)
    {
        uint area;
        if (pass == 0)
        {
            area = slice == 0 ? index - 1
                : sameLane ? (slice * segmentLength) + index - 1
                : (slice * segmentLength) - (index == 0 ? 1u : 0u);
        }
        else
        {
            area = sameLane ? laneLength - segmentLength + index - 1
                : laneLength - segmentLength - (index == 0 ? 1u : 0u);
        }

        ulong relative = pseudoRandom;
        relative = (relative * relative) >> 32;
        relative = area - 1 - ((area * relative) >> 32);
        ulong startPosition = pass != 0 && slice != 3 ? (slice + 1) * segmentLength : 0;
        return (uint)((startPosition + relative) % laneLength);
    }

    /// <summary>next = P(prev ^ ref) ^ (prev ^ ref) [^ next]: the compression G of RFC 9106 over a 1 KiB block.</summary>
    [SkipLocalsInit]
    private static void FillBlock(ulong* previous, ulong* reference, ulong* next, bool withXor)
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

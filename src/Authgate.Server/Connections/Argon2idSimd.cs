using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Authgate.Connections;

/// <summary>
/// Argon2id, version 0x13 (RFC 9106), with the compression function in vector registers: AVX-512 where the processor
/// has it (<see cref="Argon2BlockAvx512"/>), else AVX2 (<see cref="Argon2BlockAvx2"/>). Debian's libargon2 is the
/// portable reference build: per 1 KiB block it copies and XORs the block through memory three times around a
/// scalar compression, which a profile of the password grant put at a third of all its CPU. Here a block is loaded
/// once, XORed, permuted by rows and by columns in registers and stored once. Output is byte-for-byte libargon2's
/// (tests compare both widths with it and with the reference implementation's known answers). The working memory is the caller's:
/// <see cref="Argon2WorkingMemory"/>, wiped after each hash.
/// </summary>
internal static unsafe class Argon2idSimd
{
    private const int BlockUlongs = 128;
    private const int BlockBytes = 1024;
    private const uint Version = 0x13;
    private const uint TypeId = 2;

    /// <summary>1 GiB: a larger cost (an imported hash) goes to libargon2.</summary>
    private const uint MaxMemoryKiB = 1024 * 1024;

    /// <summary>Whether the processor has AVX2, the least this implementation needs.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>
    /// Whether these parameters are ones this implementation takes (libargon2's own limits, at most 16 lanes and 1 GiB:
    /// Authgate writes p=1 and 19 MiB; imported hashes beyond these go to libargon2).
    /// </summary>
    public static bool Accepts(int saltLength, int outputLength, uint memoryKiB, uint iterations, uint lanes) =>
        IsSupported && saltLength >= 8 && outputLength >= 4 && iterations >= 1 && lanes is >= 1 and <= 16
        && memoryKiB >= 8 * lanes && memoryKiB <= MaxMemoryKiB;

    /// <summary>Whether the processor has AVX-512 (F), where a block is compressed two rows or two columns at a time.</summary>
    public static bool IsWideSupported => Avx512F.IsSupported;

    /// <summary>Argon2id of <paramref name="password"/> and <paramref name="salt"/> into all of <paramref name="output"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, uint memoryKiB, uint iterations, uint lanes, Span<byte> output) =>
        Hash(password, salt, memoryKiB, iterations, lanes, output, wide: IsWideSupported);

    /// <summary>As above, with the 512-bit block function or the 256-bit one (tests run both on an AVX-512 processor).</summary>
    internal static void Hash(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, uint memoryKiB, uint iterations, uint lanes, Span<byte> output, bool wide)
    {
        if (wide && !IsWideSupported)
        {
            throw new PlatformNotSupportedException("The processor has no AVX-512.");
        }

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
                        if (wide)
                        {
                            FillSegment<Argon2BlockAvx512>(memory, pass, lane, slice, lanes, laneLength, segmentLength, blocks, iterations);
                        }
                        else
                        {
                            FillSegment<Argon2BlockAvx2>(memory, pass, lane, slice, lanes, laneLength, segmentLength, blocks, iterations);
                        }
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

    private static void FillSegment<TBlock>(ulong* memory, uint pass, uint lane, uint slice, uint lanes, uint laneLength, uint segmentLength, uint blocks, uint iterations)
        where TBlock : struct, IArgon2BlockFunction
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
                NextAddresses<TBlock>(addresses, input, zero);
            }
        }

        var current = (lane * laneLength) + (slice * segmentLength) + start;
        var previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (var index = start; index < segmentLength; index++, current++, previous++)
        {
            // A hash is ~40,000 blocks and 12-18 ms of a core: every 256 (~0.1 ms) the hashing thread lets a waiting
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
                    NextAddresses<TBlock>(addresses, input, zero);
                }

                pseudoRandom = addresses[index % BlockUlongs];
            }
            else
            {
                pseudoRandom = memory[previous * BlockUlongs];
            }

            var referenceLane = pass == 0 && slice == 0 ? lane : (uint)((pseudoRandom >> 32) % lanes);
            var referenceIndex = ReferenceIndex(pass, slice, index, laneLength, segmentLength, (uint)pseudoRandom, referenceLane == lane);
            TBlock.FillBlock(
                memory + ((ulong)previous * BlockUlongs),
                memory + ((((ulong)laneLength * referenceLane) + referenceIndex) * BlockUlongs),
                memory + ((ulong)current * BlockUlongs),
                withXor: pass != 0);
        }

        new Span<ulong>(addresses, BlockUlongs).Clear();
    }

    private static void NextAddresses<TBlock>(ulong* addresses, ulong* input, ulong* zero)
        where TBlock : struct, IArgon2BlockFunction
    {
        input[6]++;
        TBlock.FillBlock(zero, input, addresses, withXor: false);
        TBlock.FillBlock(zero, addresses, addresses, withXor: false);
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
}

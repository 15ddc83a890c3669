using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// Argon2's working memory (m KiB per hash), supplied to libargon2 through its allocation callbacks. A thread that
/// hashes all day (the hashing lane's) keeps one region for its lifetime: mapping and faulting in 19 MiB for every
/// hash, as libsodium does, costs more than the hash itself on some virtual machines. The region is 2 MiB-aligned and
/// marked <c>MADV_HUGEPAGE</c>, so where the kernel offers transparent huge pages it is backed by ten of them instead
/// of ~5,000 small pages (fewer TLB misses). Other threads get a region per hash, returned at once.
/// libargon2 wipes the memory before handing it back (<c>clear_internal_memory</c>), so a kept region holds nothing
/// derived from the last password.
/// </summary>
internal static unsafe partial class Argon2WorkingMemory
{
    private const nuint HugePage = 2 * 1024 * 1024;

    [ThreadStatic] private static Region? kept;
    [ThreadStatic] private static bool keepsRegion;
    [ThreadStatic] private static long regionsMappedByThisThread;

    private static long hugePageRegions;

    static Argon2WorkingMemory()
    {
        NativeLibraries.Register();
    }

    /// <summary>Regions the kernel accepted <c>MADV_HUGEPAGE</c> for (a gauge for operators).</summary>
    public static long HugePageRegions => Interlocked.Read(ref hugePageRegions);

    /// <summary>How many regions this thread has mapped so far (a kept region is mapped once).</summary>
    public static long RegionsMappedByThisThread => regionsMappedByThisThread;

    public static delegate* unmanaged[Cdecl]<byte**, nuint, int> AllocateCallback => &Allocate;

    public static delegate* unmanaged[Cdecl]<byte*, nuint, void> FreeCallback => &Free;

    /// <summary>From now on this thread keeps its region between hashes (until <see cref="ReleaseForThisThread"/>).</summary>
    public static void KeepForThisThread() => keepsRegion = true;

    public static void ReleaseForThisThread()
    {
        keepsRegion = false;
        TrimThisThread();
    }

    /// <summary>Gives this thread's region back now; it keeps regions, and maps one again at its next hash.</summary>
    public static void TrimThisThread()
    {
        if (kept is { } region)
        {
            kept = null;
            region.Dispose();
        }
    }

    /// <summary>
    /// Working memory of at least <paramref name="bytes"/>: this thread's kept region if it keeps one, else a new
    /// region; give it back with <see cref="Give"/>. Throws <see cref="OutOfMemoryException"/> when none can be mapped.
    /// </summary>
    public static byte* Take(nuint bytes)
    {
        if (keepsRegion)
        {
            if (kept is null || kept.Length < bytes)
            {
                kept?.Dispose();
                kept = null;
                kept = Region.Map(bytes);
            }

            return kept.Pointer;
        }

        return Region.Map(bytes).Detach();
    }

    /// <summary>Gives back what <see cref="Take"/> returned (a kept region stays with its thread).</summary>
    public static void Give(byte* memory, nuint bytes)
    {
        if (keepsRegion && kept is { } region && region.Pointer == memory)
        {
            return;
        }

        Region.Unmap(memory, bytes);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Allocate(byte** memory, nuint bytes)
    {
        try
        {
            *memory = Take(bytes);
            return 0;
        }
        catch (OutOfMemoryException)
        {
            *memory = null;
            return LibArgon2.MemoryAllocationError;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Free(byte* memory, nuint bytes) => Give(memory, bytes);

    private sealed class Region(byte* pointer, nuint length) : IDisposable
    {
        public byte* Pointer { get; private set; } = pointer;

        public nuint Length { get; } = length;

        public static Region Map(nuint bytes)
        {
            regionsMappedByThisThread++;
            var length = (bytes + HugePage - 1) & ~(HugePage - 1);
            if (!OperatingSystem.IsLinux())
            {
                return new Region((byte*)NativeMemory.AlignedAlloc(length, HugePage), length);
            }

            // Over-allocate by one huge page, keep the 2 MiB-aligned middle, give the ends back.
            var raw = (byte*)mmap(null, length + HugePage, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if (raw == (byte*)-1)
            {
                throw new OutOfMemoryException("Could not map Argon2 working memory.");
            }

            var aligned = (byte*)(((nuint)raw + HugePage - 1) & ~(HugePage - 1));
            var head = (nuint)(aligned - raw);
            if (head > 0)
            {
                _ = munmap(raw, head);
            }

            var tail = HugePage - head;
            if (tail > 0)
            {
                _ = munmap(aligned + length, tail);
            }

            if (madvise(aligned, length, MadvHugePage) == 0)
            {
                Interlocked.Increment(ref hugePageRegions);
            }

            return new Region(aligned, length);
        }

        public static void Unmap(byte* memory, nuint bytes)
        {
            var length = (bytes + HugePage - 1) & ~(HugePage - 1);
            if (OperatingSystem.IsLinux())
            {
                _ = munmap(memory, length);
            }
            else
            {
                NativeMemory.AlignedFree(memory);
            }
        }

        /// <summary>Hands the memory to libargon2, which gives it back through <see cref="Free"/>.</summary>
        public byte* Detach()
        {
            var pointer = Pointer;
            Pointer = null;
            return pointer;
        }

        public void Dispose()
        {
            if (Pointer != null)
            {
                Unmap(Pointer, Length);
                Pointer = null;
            }
        }
    }

    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MadvHugePage = 14;

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int munmap(void* address, nuint length);

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int madvise(void* address, nuint length, int advice);
}

using System.Runtime.InteropServices;
using Authgate.Connections;

namespace Authgate.Hosting;

/// <summary>glibc's <c>malloc_trim</c>: the free memory of every malloc arena handed back to the kernel.</summary>
internal static partial class NativeHeap
{
    static NativeHeap() => NativeLibraries.Register();

    /// <summary>
    /// Trims every arena once: true when memory went back to the kernel, false when there was none to give, null where
    /// there is no <c>malloc_trim</c> (not Linux, or a C library without it, such as musl).
    /// </summary>
    public static bool? TryTrim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return malloc_trim(0) != 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport(NativeLibraries.C)]
    private static partial int malloc_trim(nuint pad);
}

using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// Lowers the calling thread's scheduling priority. On Linux, .NET's <c>Thread.Priority</c> does not reach the
/// scheduler, so the hashing threads set their own nice value (Linux schedules threads by their id).
/// </summary>
internal static partial class ThreadNice
{
    static ThreadNice()
    {
        NativeLibraries.Register();
    }

    public static void Lower(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            var tid = gettid();
            _ = setpriority(0 /* PRIO_PROCESS: on Linux, a thread id */, (uint)tid, nice);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: the threads keep their default priority.
        }
    }

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int gettid();

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);
}

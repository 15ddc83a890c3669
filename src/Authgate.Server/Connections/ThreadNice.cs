using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// Lowers the calling thread's scheduling priority. On Linux, .NET's <c>Thread.Priority</c> does not reach the
/// scheduler, so the hashing threads set their own policy (Linux schedules threads by their id).
/// </summary>
internal static partial class ThreadNice
{
    private const int SchedIdle = 5;

    static ThreadNice()
    {
        NativeLibraries.Register();
    }

    /// <summary>
    /// Puts the calling thread in <c>SCHED_IDLE</c> when <paramref name="idleClass"/> is set and the kernel allows it:
    /// any thread of the normal class that wakes preempts it at once, where a nice value only lowers its share, and a
    /// woken request thread could wait out the hashing thread's time slice. Its nice value is set to
    /// <paramref name="nice"/> in every case.
    /// </summary>
    public static void Lower(bool idleClass, int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // The nice value first: it stays if anything later puts the thread back in the normal class.
            _ = setpriority(0 /* PRIO_PROCESS: on Linux, a thread id */, (uint)gettid(), nice);
            if (idleClass)
            {
                var param = 0;
                _ = sched_setscheduler(0 /* the calling thread */, SchedIdle, ref param);
            }
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

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);
}

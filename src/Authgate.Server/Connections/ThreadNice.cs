using System.Runtime.InteropServices;

namespace Authgate.Connections;

/// <summary>
/// Lowers the calling thread's scheduling priority. On Linux, .NET's <c>Thread.Priority</c> does not reach the
/// scheduler, so the hashing threads set their own policy (Linux schedules threads by their id).
/// </summary>
internal static partial class ThreadNice
{
    private const int SchedIdle = 5;

    [ThreadStatic]
    private static bool lowered;

    [ThreadStatic]
    private static long yields;

    /// <summary>How many times the calling thread has given up its core in <see cref="YieldIfLowered"/>.</summary>
    public static long YieldsOnThisThread => yields;

    static ThreadNice()
    {
        NativeLibraries.Register();
    }

    /// <summary>
    /// Puts the calling thread in <c>SCHED_IDLE</c> when <paramref name="idleClass"/> is set and the kernel allows it:
    /// a thread of the normal class that wakes should preempt it, where a nice value only lowers its share. Its nice
    /// value is set to <paramref name="nice"/> in every case. Either way the thread then yields in
    /// <see cref="YieldIfLowered"/>, because neither is enough alone (see there).
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

            lowered = true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: the threads keep their default priority.
        }
    }

    /// <summary>
    /// Gives the core to any thread waiting for it, when the calling thread was lowered; nothing otherwise. Long
    /// computations of a lowered thread call it every ~0.1 ms. Linux should switch to a normal-class thread as soon as
    /// it wakes on a core where an idle-class or nice thread runs, but the kernels this was measured on (6.18, EEVDF,
    /// no kernel preemption) sometimes leave the lowered thread running until the next scheduler tick, 4 ms at 250 Hz:
    /// during a wrong-password flood that kept both hashing threads busy, 0.07-7.6 % of the wake-ups of the request threads,
    /// Kestrel's socket thread, the timer thread and PostgreSQL's backends waited 1-4 ms (perf sched), which is the tail a
    /// refresh showed beside the flood. A yield when nobody waits costs a system call and returns at once.
    /// </summary>
    public static void YieldIfLowered()
    {
        if (lowered)
        {
            yields++;
            _ = sched_yield();
        }
    }

    [LibraryImport(NativeLibraries.C)]
    private static partial int sched_yield();

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int gettid();

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);
}
